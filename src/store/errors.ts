export class StoreError extends Error {
  constructor(
    readonly code: 'STORE_CLOSED' | 'DATABASE_UNREACHABLE' | 'UNSUPPORTED_URL' | 'NESTED_TRANSACTION',
    message: string,
  ) {
    super(message);
  }
}
