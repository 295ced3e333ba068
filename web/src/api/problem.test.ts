import { describe, expect, it } from 'vitest';
import { ApiError, pointerToPath } from './problem';

describe('problem+json', () => {
  it('reads the code, detail and field errors of a problem', async () => {
    const res = new Response(
      JSON.stringify({
        type: 'about:blank',
        title: 'Unprocessable Entity',
        status: 422,
        code: 'validation.failed',
        detail: 'some fields are invalid',
        traceId: 'abc',
        errors: [{ pointer: '/placa', code: 'placa.invalid', message: 'bad plate' }],
      }),
      { status: 422, headers: { 'content-type': 'application/problem+json' } },
    );
    const e = await ApiError.from(res);
    expect(e.status).toBe(422);
    expect(e.code).toBe('validation.failed');
    expect(e.traceId).toBe('abc');
    expect(e.fieldErrors[0]?.code).toBe('placa.invalid');
  });

  it('survives a body that is not JSON', async () => {
    const e = await ApiError.from(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(e.code).toBe('http.502');
  });

  it('maps JSON pointers to form paths', () => {
    expect(pointerToPath('/address/postalCode')).toBe('address.postalCode');
    expect(pointerToPath('/a~1b')).toBe('a/b');
  });
});
