// Normalised keys used to recognise the same customer arriving twice (F6).

/** Digits only; a Chinese country prefix (+86 / 0086 / 86 before an 11-digit mobile) is dropped. */
export function normalizePhone(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) return digits.slice(2);
  if (digits.length === 15 && digits.startsWith('0086')) return digits.slice(4);
  return digits;
}

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

const COMPANY_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '集团',
  '公司',
  'co ltd',
  'coltd',
  'limited',
  'ltd',
  'inc',
  'llc',
  'gmbh',
  'corp',
  'corporation',
  'company',
];

/**
 * Lower-case, full-width folded, punctuation and spaces removed, legal suffixes dropped, and a
 * branch in brackets ("（上海分公司）") ignored, so that two branches of one company match.
 */
export function normalizeCompany(raw: string): string {
  let s = raw.normalize('NFKC').toLowerCase().trim();
  s = s.replace(/[(（][^)）]*[)）]/g, '');
  s = s.replace(/[\s.,，。·'"()（）\-_/&]+/g, '');
  let changed = true;
  while (changed) {
    changed = false;
    for (const suffix of COMPANY_SUFFIXES) {
      const bare = suffix.replace(/\s/g, '');
      if (s.length > bare.length && s.endsWith(bare)) {
        s = s.slice(0, -bare.length);
        changed = true;
      }
    }
  }
  return s;
}
