import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface FieldError {
  field: string;
  message: string;
  /** A code and values a client can put the message in its reader's language by, where there is one. */
  code?: string;
  params?: Record<string, string | number>;
}

/** A failure the client can act on: it becomes an RFC 9457 problem with a stable `code`. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    code: string,
    status: number,
    detail: string,
    extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.code = code;
    this.status = status;
    this.detail = detail;
    this.errors = extra.errors;
    this.headers = extra.headers;
  }
}

export const notFound = (what: string) => new AppError('not_found', 404, `${what} was not found.`);
export const forbidden = (detail = 'Your role does not allow this.') => new AppError('forbidden', 403, detail);
export const conflict = (code: string, detail: string) => new AppError(code, 409, detail);
export const invalid = (code: string, detail: string, errors?: FieldError[]) =>
  new AppError(code, 422, detail, { errors });

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

export function problemOf(code: string, status: number, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `https://hearth.example/problems/${code.replaceAll('_', '-')}`,
    title: titles[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 && { errors }),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}) {
  return reply.code(problem.status).headers(headers).type('application/problem+json').send(problem);
}

/** Fastify's own errors (body parsing, validation, limits) mapped to stable codes. */
const fastifyCodes: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_json', detail: 'The request body is empty but JSON was declared.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large', detail: 'The request body is larger than allowed.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', detail: 'Send the body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', detail: 'The Content-Length header does not match the body.' },
};

function validationErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown>;
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const extra = (params.additionalProperty ?? params.missingProperty) as string | undefined;
    const field = [path, extra].filter(Boolean).join('.') || (error.validationContext ?? 'body');
    const message = params.additionalProperty ? 'is not a known field' : (issue.message ?? 'is invalid');
    return { field, message };
  });
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, problemOf(error.code, error.status, error.detail, error.errors), error.headers);
    }
    if (error.validation) {
      const errors = validationErrors(error);
      const where = error.validationContext === 'body' ? 'request body' : (error.validationContext ?? 'request');
      const detail = `The ${where} is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`;
      return sendProblem(reply, problemOf('validation_failed', 400, detail, errors));
    }
    const known = error.code ? fastifyCodes[error.code] : undefined;
    if (known) return sendProblem(reply, problemOf(known.code, error.statusCode ?? 400, known.detail));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, problemOf('bad_request', error.statusCode, 'The request could not be understood.'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, problemOf('internal_error', 500, 'Something went wrong on our side. It has been logged.'));
  });
}

export const routeNotFound = (method: string, url: string) =>
  problemOf('not_found', 404, `There is no route for ${method} ${url.split('?')[0]}.`);
