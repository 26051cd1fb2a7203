import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { StatusMessage } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { Detail, focusSoon, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { canRetryMessages, outboxApi, type OutboxMessage } from './api';
import type { OutboxLocationState } from './OutboxPage';
import { MessageKind, OutboxStatusBadge } from './parts';

/** One message from the outbox: who it is for, how delivery went, and its plain-text body. */
export function OutboxMessagePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const from = (location.state as OutboxLocationState | null)?.from;
  const backTo = `/outbox${from && from.startsWith('?') ? from : ''}`;
  const [message, reload, update] = useResource((signal) => outboxApi.get(id, signal), [id]);
  const [status, setStatus] = useState<string | null>(null);

  const title = message.status === 'ready' ? isolate(message.data.subject) : t('outbox.message.title');

  return (
    <Page title={title}>
      <p>
        <Link to={backTo}>{t('outbox.message.back')}</Link>
      </p>
      <StatusMessage message={status} />
      {message.status === 'loading' ? <Loading /> : null}
      {message.status === 'error' ? <LoadError error={message.error} onRetry={reload} /> : null}
      {message.status === 'ready' ? (
        <MessageDetails
          message={message.data}
          onRetried={(updated) => {
            update(() => updated);
            setStatus(t('outbox.message.retried'));
            focusSoon('outbox-message-status');
          }}
        />
      ) : null}
    </Page>
  );
}

function MessageDetails({ message, onRetried }: { message: OutboxMessage; onRetried(message: OutboxMessage): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const fmt = useFormatters();
  const mayRetry = !!user && canRetryMessages(user.role);
  const [busy, setBusy] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);

  async function retry() {
    setBusy(true);
    setRetryError(null);
    try {
      onRetried(await outboxApi.retry(message.id));
    } catch (error) {
      setRetryError(describeError(error, t));
      focusSoon('outbox-retry');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section className="section" aria-labelledby="outbox-message-delivery">
        <h2 id="outbox-message-delivery">{t('outbox.message.delivery')}</h2>
        <dl className="summary-list">
          <Detail term={t('outbox.message.to')}>
            <span dir="ltr">{message.to}</span>
          </Detail>
          <Detail term={t('outbox.message.subject')}>
            <bdi>{message.subject}</bdi>
          </Detail>
          <div>
            <dt>{t('outbox.message.status')}</dt>
            <dd id="outbox-message-status" tabIndex={-1}>
              <OutboxStatusBadge status={message.status} />
              <span className="summary-list__note">{t(`outbox.statusHelp.${message.status}`)}</span>
            </dd>
          </div>
          <Detail term={t('outbox.message.kind')}>
            <MessageKind kind={message.kind} />
          </Detail>
          <Detail term={t('outbox.message.createdAt')}>
            <time dateTime={message.createdAt}>{fmt.dateTime(message.createdAt)}</time>
          </Detail>
          <Detail term={t('outbox.message.sentAt')}>
            {message.sentAt ? (
              <time dateTime={message.sentAt}>{fmt.dateTime(message.sentAt)}</time>
            ) : (
              t('outbox.message.notSent')
            )}
          </Detail>
          <Detail term={t('outbox.message.attempts')}>{message.attempts}</Detail>
          <Detail term={t('outbox.message.lastError')}>{message.lastError ? <span dir="auto" className="break-anywhere">{message.lastError}</span> : t('outbox.message.noError')}</Detail>
        </dl>
        {mayRetry && message.status === 'failed' ? (
          <>
            {retryError ? (
              <div className="notice notice--error" role="alert" id="outbox-retry-error">
                <p>{retryError}</p>
              </div>
            ) : null}
            <div className="button-row">
              <button
                type="button"
                id="outbox-retry"
                className="button"
                disabled={busy}
                aria-describedby={retryError ? 'outbox-retry-error' : undefined}
                onClick={() => void retry()}
              >
                {busy ? t('outbox.message.retrying') : t('outbox.message.retry')}
              </button>
            </div>
          </>
        ) : null}
      </section>
      <section className="section" aria-labelledby="outbox-message-body">
        <h2 id="outbox-message-body">{t('outbox.message.body')}</h2>
        {message.bodyWithheld ? (
          <div className="notice notice--info">
            <p>{message.confidential ? t('outbox.message.adminsOnly') : t('outbox.message.lendingStaffOnly')}</p>
          </div>
        ) : message.bodyPurgedAt ? (
          <p className="muted">{t('outbox.message.purged', { date: fmt.dateTime(message.bodyPurgedAt) })}</p>
        ) : (
          <>
            {message.confidential ? (
              <div className="notice">
                <p>{t('outbox.message.confidentialWarning')}</p>
              </div>
            ) : null}
            {message.text ? (
              <pre className="message-body" dir="auto">
                {message.text}
              </pre>
            ) : (
              <p className="muted">{t('outbox.message.noText')}</p>
            )}
            {message.html ? <p className="muted">{t('outbox.message.hasHtml')}</p> : null}
          </>
        )}
      </section>
    </>
  );
}
