// A PostgreSQL URL carries its password (postgres://user:secret@host/db or ?password=secret): it must never be
// printed, logged, or put on a command line where `ps` shows it to every user of the machine (issue 22).

const MASK = '***';

function parsedPostgres(databaseUrl: string): URL | null {
  if (!/^postgres(ql)?:\/\//i.test(databaseUrl)) return null;
  try {
    return new URL(databaseUrl);
  } catch {
    return null;
  }
}

/** The URL to show: its password replaced by `***`. Not a URL we can read: only the scheme, to be safe. */
export function maskDatabaseUrl(databaseUrl: string): string {
  if (!/^postgres(ql)?:\/\//i.test(databaseUrl)) return databaseUrl;
  const url = parsedPostgres(databaseUrl);
  if (url === null) return `${databaseUrl.slice(0, databaseUrl.indexOf(':'))}://${MASK}`;
  if (url.password !== '') url.password = MASK;
  if (url.searchParams.has('password')) url.searchParams.set('password', MASK);
  return url.toString();
}

/** The URL without its password, and the password (decoded) for PGPASSWORD; null when there is none. */
export function splitDatabasePassword(databaseUrl: string): { url: string; password: string | null } {
  const url = parsedPostgres(databaseUrl);
  if (url === null) return { url: databaseUrl, password: null };
  let password: string | null = null;
  if (url.password !== '') {
    password = decodeURIComponent(url.password);
    url.password = '';
  }
  const query = url.searchParams.get('password');
  if (query !== null) {
    password ??= query;
    url.searchParams.delete('password');
  }
  return { url: password === null ? databaseUrl : url.toString(), password };
}
