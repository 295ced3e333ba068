// RFC 9457 problems from the server become one typed error the screens can branch on by `code`.
import { problemCodes, type ProblemCode } from './problems.gen';
import type { components } from './schema.gen';

export type Problem = components['schemas']['Problem'];
export type FieldError = components['schemas']['FieldError'];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly traceId: string | null | undefined;
  readonly fieldErrors: FieldError[];

  constructor(status: number, problem: Partial<Problem>) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'network.unreachable' : `http.${status}`);
    this.title = problem.title ?? '';
    this.detail = problem.detail;
    this.traceId = problem.traceId;
    this.fieldErrors = problem.errors ?? [];
  }

  static async from(response: Response): Promise<ApiError> {
    let body: Partial<Problem> = {};
    try {
      const text = await response.text();
      body = text ? (JSON.parse(text) as Partial<Problem>) : {};
    } catch {
      // A proxy's HTML error page: keep the status, drop the body.
    }
    return new ApiError(response.status, body);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/**
 * Codes of the web app's own, for what it finds before asking the server (a form rule) or when
 * no server answered. The server's codes are `ProblemCode` (src/api/problems.gen.ts).
 */
export const clientCodes = [
  'network.unreachable',
  'validation.date',
  'validation.email',
  'validation.passwordsDiffer',
  'validation.positiveAmount',
  'validation.required',
  'validation.tooLong',
] as const;
export type ClientCode = (typeof clientCodes)[number];

/** A code the app has a text for in every language. */
export type MessageCode = ProblemCode | ClientCode;

const known: ReadonlySet<string> = new Set<string>([...problemCodes, ...clientCodes]);

/** Whether the app has a text for this code (a newer server may send codes it does not know). */
export function isMessageCode(code: string): code is MessageCode {
  return known.has(code);
}

/** `/address/postalCode` -> `address.postalCode`, `/options/2` -> `options.2` (react-hook-form paths). */
export function pointerToPath(pointer: string): string {
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}
