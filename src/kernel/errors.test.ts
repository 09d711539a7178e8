import { describe, expect, it } from 'vitest';
import { CodedError } from './errors.ts';

class SampleError extends CodedError<'A' | 'B'> {}

describe('CodedError', () => {
  it('carries its code, its class name and the cause it wraps', () => {
    const cause = new Error('socket closed');
    const err = new SampleError('B', 'could not read', { cause });
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(CodedError);
    expect(err.code).toBe('B');
    expect(err.name).toBe('SampleError');
    expect(err.message).toBe('could not read');
    expect(err.cause).toBe(cause);
    expect(String(err)).toBe('SampleError: could not read');
  });
});
