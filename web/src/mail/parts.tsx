import { useTranslation } from 'react-i18next';
import { isKnownKind, type OutboxStatus } from './api';

const badgeClass: Record<OutboxStatus, string> = {
  held: 'badge badge--info',
  queued: 'badge badge--pending',
  sent: 'badge badge--ok',
  failed: 'badge badge--danger',
};

/** A message's delivery status, in words (the colour only repeats it). */
export function OutboxStatusBadge({ status, id }: { status: OutboxStatus; id?: string }) {
  const { t } = useTranslation();
  return (
    <span className={badgeClass[status]} id={id}>
      {t(`outbox.status.${status}`)}
    </span>
  );
}

/** The kind of message: a name for the kinds the UI knows, otherwise the server's code. */
export function MessageKind({ kind }: { kind: string }) {
  const { t } = useTranslation();
  if (isKnownKind(kind)) return <>{t(`outbox.kinds.${kind}`)}</>;
  return <code dir="ltr">{kind}</code>;
}
