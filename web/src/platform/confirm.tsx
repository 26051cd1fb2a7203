import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
}

/**
 * A confirmation step in a native modal <dialog>, which traps focus, closes on
 * Escape and returns focus to where it was. Cancel has focus first, so that
 * pressing Enter straight away does not carry out a destructive action.
 */
export function useConfirm(): [(request: ConfirmRequest) => Promise<boolean>, ReactNode] {
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);

  const confirm = useCallback((next: ConfirmRequest) => {
    resolver.current?.(false);
    setRequest(next);
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
    });
  }, []);

  const settle = useCallback((ok: boolean) => {
    resolver.current?.(ok);
    resolver.current = null;
    setRequest(null);
  }, []);

  const element = request ? <ConfirmDialog request={request} onSettle={settle} /> : null;
  return [confirm, element];
}

function ConfirmDialog({ request, onSettle }: { request: ConfirmRequest; onSettle(ok: boolean): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      previous?.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        e.preventDefault();
        onSettle(false);
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {request.title}
      </h2>
      <div id={bodyId} className="dialog__body">
        {request.body}
      </div>
      <div className="button-row">
        <button type="button" className="button button--secondary" ref={cancelRef} onClick={() => onSettle(false)}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className={request.destructive ? 'button button--danger' : 'button'}
          onClick={() => onSettle(true)}
        >
          {request.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
