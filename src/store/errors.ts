import { CodedError } from '../kernel/errors.ts';

export class StoreError extends CodedError<
  'STORE_CLOSED' | 'DATABASE_UNREACHABLE' | 'UNSUPPORTED_URL' | 'NESTED_TRANSACTION' | 'READER_UNAVAILABLE'
> {}
