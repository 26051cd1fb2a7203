import type { TFunction } from 'i18next';
import { ApiError } from './api';

/** A form's errors: one message for the whole form and one per named field. */
export interface FormErrors {
  message: string | null;
  fields: Record<string, string>;
}

export const noErrors: FormErrors = { message: null, fields: {} };

export function hasErrors(errors: FormErrors): boolean {
  return errors.message !== null || Object.keys(errors.fields).length > 0;
}

/**
 * Reduces a server field path ("email", "/email", "body/openingHours/2/opens",
 * "openingHours[2].opens") to the body property it belongs to.
 */
export function fieldRoot(field: string): string {
  const parts = field.split(/[./[\]]+/).filter(Boolean);
  if (parts[0] === 'body') parts.shift();
  return parts[0] ?? field;
}

/** A message for an error, in the reader's language where the code is one the UI knows. */
export function describeError(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('errors.generic');
  switch (error.code) {
    case 'network_error':
      return t('errors.network');
    case 'invalid_credentials':
      return t('errors.invalidCredentials');
    case 'too_many_attempts':
      return error.retryAfter && error.retryAfter > 0
        ? t('errors.tooManyAttemptsMinutes', { count: Math.ceil(error.retryAfter / 60) })
        : t('errors.tooManyAttempts');
    case 'forbidden':
      return t('errors.forbidden');
    case 'email_taken':
      return t('errors.emailTaken');
    case 'csrf_failed':
      return t('errors.csrf');
    case 'validation_failed':
      // The detail repeats every field error in developer terms; the fields say it better.
      if (error.fieldErrors.length > 0) return t('errors.validation');
      break;
    default:
      break;
  }
  if (error.detail) return error.detail;
  if (error.status === 401) return t('errors.sessionEnded');
  if (error.status === 403) return t('errors.forbidden');
  if (error.status === 404) return t('errors.notFound');
  if (error.status >= 500) return t('errors.server');
  return error.title ?? t('errors.generic');
}

/** Turns a failed request into form errors, placing field errors by their body property name. */
export function toFormErrors(error: unknown, t: TFunction): FormErrors {
  const fields: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const item of error.fieldErrors) {
      const root = fieldRoot(item.field);
      fields[root] = fields[root] ? `${fields[root]} ${item.message}` : item.message;
    }
    if (error.code === 'email_taken' && !fields.email) fields.email = t('errors.emailTaken');
  }
  return { message: describeError(error, t), fields };
}
