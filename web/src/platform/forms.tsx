import {
  forwardRef,
  useCallback,
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import { hasErrors, noErrors, toFormErrors, type FormErrors } from './errors';

function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}

interface FieldShellProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  className?: string;
  children: ReactNode;
}

function FieldShell({ id, label, hint, error, optional, className, children }: FieldShellProps) {
  const { t } = useTranslation();
  return (
    <div className={`field${error ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="field__optional"> {t('forms.optional')}</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">{t('forms.errorPrefix')} </span>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  value: string;
  onValueChange(value: string): void;
};

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { id, label, hint, error, optional, value, onValueChange, className, ...rest },
  ref,
) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional} className={className}>
      <input
        ref={ref}
        id={id}
        name={rest.name ?? id}
        value={value}
        onChange={(e: ChangeEvent<HTMLInputElement>) => onValueChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error ? `${id}-error` : null)}
        {...rest}
      />
    </FieldShell>
  );
});

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value'> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  value: string;
  onValueChange(value: string): void;
};

export function TextAreaField({
  id,
  label,
  hint,
  error,
  optional,
  value,
  onValueChange,
  ...rest
}: TextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={id}
        name={rest.name ?? id}
        rows={3}
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error ? `${id}-error` : null)}
        {...rest}
      />
    </FieldShell>
  );
}

export interface Option {
  value: string;
  label: string;
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  value: string;
  options: readonly Option[];
  onValueChange(value: string): void;
};

export function SelectField({
  id,
  label,
  hint,
  error,
  optional,
  value,
  options,
  onValueChange,
  ...rest
}: SelectFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={id}
        name={rest.name ?? id}
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error ? `${id}-error` : null)}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

interface CheckboxFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'type' | 'checked'> {
  id: string;
  label: ReactNode;
  checked: boolean;
  onCheckedChange(checked: boolean): void;
}

export function CheckboxField({ id, label, checked, onCheckedChange, className, ...rest }: CheckboxFieldProps) {
  return (
    <div className={`checkbox${className ? ` ${className}` : ''}`}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onCheckedChange(e.target.checked)}
        {...rest}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

interface RadioGroupProps {
  name: string;
  legend: ReactNode;
  value: string;
  options: readonly (Option & { hint?: string })[];
  onValueChange(value: string): void;
}

export function RadioGroup({ name, legend, value, options, onValueChange }: RadioGroupProps) {
  return (
    <fieldset className="radios">
      <legend>{legend}</legend>
      {options.map((o) => {
        const id = `${name}-${o.value}`;
        return (
          <div className="radio" key={o.value}>
            <input
              type="radio"
              id={id}
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onValueChange(o.value)}
              aria-describedby={o.hint ? `${id}-hint` : undefined}
            />
            <label htmlFor={id}>{o.label}</label>
            {o.hint ? (
              <p className="field__hint radio__hint" id={`${id}-hint`}>
                {o.hint}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

interface SubmitButtonProps {
  busy: boolean;
  children: ReactNode;
  busyLabel?: ReactNode;
  className?: string;
}

export function SubmitButton({ busy, children, busyLabel, className }: SubmitButtonProps) {
  const { t } = useTranslation();
  return (
    <button type="submit" className={className ?? 'button'} disabled={busy} aria-disabled={busy || undefined}>
      {busy ? (busyLabel ?? t('forms.sending')) : children}
    </button>
  );
}

interface EditingSectionProps {
  id: string;
  heading: string;
  editLabel: string;
  /** The form, given `close` for its Cancel button and for after it saves. */
  form(close: () => void): ReactNode;
}

/** A section showing an Edit button until it is pressed, then the form; closing the form puts focus back on the button. */
export function EditingSection({ id, heading, editLabel, form }: EditingSectionProps) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);

  function close() {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {editing ? (
        form(close)
      ) : (
        <button type="button" className="button button--secondary" ref={editButton} onClick={() => setEditing(true)}>
          {editLabel}
        </button>
      )}
    </section>
  );
}

interface FormActionsProps {
  busy: boolean;
  submitLabel: ReactNode;
  /** Given when the form can be closed without saving; adds a Cancel button. */
  onCancel?: (() => void) | undefined;
}

/** The foot of a form: its submit button, and Cancel where the form can be closed. */
export function FormActions({ busy, submitLabel, onCancel }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="button-row">
      <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
      {onCancel ? (
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      ) : null}
    </div>
  );
}

interface ErrorSummaryProps {
  errors: FormErrors;
  /** The element id for each field name on this form, so that the summary can link to it. */
  fieldIds: Record<string, string>;
  /** The visible label of each field, used when a field error's message needs context. */
  fieldLabels: Record<string, string>;
}

/**
 * The list of what went wrong, shown above a form after a failed submit.
 * It takes focus so that keyboard and screen reader users land on it.
 */
export function ErrorSummary({ errors, fieldIds, fieldLabels }: ErrorSummaryProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const visible = hasErrors(errors);

  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [errors, visible]);

  if (!visible) return null;
  const fieldEntries = Object.entries(errors.fields);
  const onlyRepeatsField =
    errors.message !== null && fieldEntries.length === 1 && fieldEntries[0]?.[1] === errors.message;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="error-summary__title">{t('forms.errorSummaryTitle')}</h2>
      {errors.message && !onlyRepeatsField ? <p>{errors.message}</p> : null}
      {fieldEntries.length > 0 ? (
        <ul>
          {fieldEntries.map(([field, message]) => {
            const id = fieldIds[field];
            const label = fieldLabels[field];
            const text =
              label && !message.includes(label) ? t('forms.fieldError', { field: label, message }) : message;
            return (
              <li key={field}>
                {id ? (
                  <a
                    href={`#${id}`}
                    onClick={(e) => {
                      const target = document.getElementById(id);
                      if (target) {
                        e.preventDefault();
                        target.focus();
                        target.scrollIntoView({ block: 'center' });
                      }
                    }}
                  >
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * A polite live region that is always in the page, so that assistive technology
 * announces a message placed in it later (for example "Branch saved").
 */
export function StatusMessage({ message }: { message: string | null }) {
  return (
    <div className={message ? 'status-message' : 'status-message status-message--empty'} role="status">
      {message}
    </div>
  );
}

/**
 * Sends a form once its own checks pass: with any `fields` errors it shows them and stops; otherwise it is
 * busy while `send` runs and shows on the form what the server refused (or what `refused` makes of it).
 */
export function useFormSending(setErrors: (errors: FormErrors) => void) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const sendForm = async (fields: Record<string, string>, send: () => Promise<void>, refused?: (error: unknown, errors: FormErrors) => FormErrors) => {
    if (Object.keys(fields).length > 0) {
      setErrors({ message: null, fields });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      await send();
    } catch (error) {
      const errors = toFormErrors(error, t);
      setErrors(refused ? refused(error, errors) : errors);
    } finally {
      setBusy(false);
    }
  };
  return { busy, sendForm };
}

/** The props every text, text area and select field of a form repeats. */
export interface BoundField {
  id: string;
  label: string;
  value: string;
  onValueChange(value: string): void;
  error: string | undefined;
}

interface FormStateOptions<F extends string> {
  /** Starts each field's id, so two forms on one page do not clash. */
  idPrefix: string;
  /** The first values; read once, when the form is first shown. */
  initial: Record<F, string>;
  /** Each field's visible label, named like the field (and like the API's property). */
  labels: Record<F, string>;
}

/**
 * A form's values and errors, and `field(name)` deriving a field's id, label, value, change
 * handler and error from them: `<TextField {...form.field('title')} required />`. Fields are named
 * like the API's body properties, so server field errors land beside the right field, and `ids`
 * and `labels` feed the ErrorSummary.
 */
export function useFormState<F extends string>({ idPrefix, initial, labels }: FormStateOptions<F>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const names = Object.keys(values) as F[];
  const ids = Object.fromEntries(names.map((name) => [name, `${idPrefix}-${name}`])) as Record<F, string>;
  const set = useCallback((name: F, value: string) => setValues((current) => ({ ...current, [name]: value })), []);
  const field = (name: F): BoundField => ({
    id: ids[name],
    label: labels[name],
    value: values[name],
    onValueChange: (value: string) => set(name, value),
    error: errors.fields[name],
  });
  return { values, setValues, set, errors, setErrors, ids, labels, field };
}
