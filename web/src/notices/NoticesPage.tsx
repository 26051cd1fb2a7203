import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../platform/api';
import { Page } from '../platform/page';
import { TextField, SubmitButton } from '../platform/forms';
import { describeError } from '../platform/errors';
import { LoadError, Loading } from '../platform/notices';
import { useResource } from '../platform/resource';
import { DeskAlert } from '../circulation/DeskPage';
import { noticesApi, type NoticeRun } from './api';

/**
 * Runs a day's notices by hand (the same run happens each morning) and shows what it sent. The day
 * is the library's today, from the server: the browser's clock may be in another time zone or wrong.
 */
export function NoticesPage() {
  const { t } = useTranslation();
  const [today, reloadToday] = useResource((signal) => noticesApi.today(signal), []);
  if (today.status === 'loading') return <Loading />;
  if (today.status === 'error') {
    return (
      <Page title={t('notices.pageTitle')} intro={t('notices.intro')}>
        <LoadError error={today.error} onRetry={reloadToday} />
      </Page>
    );
  }
  return <NoticeRunForm today={today.data} />;
}

function NoticeRunForm({ today }: { today: string }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(today);
  const [run, setRun] = useState<NoticeRun | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      setRun(await noticesApi.run(date));
    } catch (error) {
      setProblem(error instanceof ApiError && error.code === 'notice_date_in_future' ? t('notices.errors.notice_date_in_future', { today }) : describeError(error, t));
    } finally {
      setBusy(false);
    }
  };

  const counts = run
    ? ([
        ['advance', run.advance],
        ['firstOverdue', run.firstOverdue],
        ['secondOverdue', run.secondOverdue],
        ['requestReady', run.requestReady],
        ['messages', run.messages],
        ['letters', run.letters],
        ['calls', run.calls],
        ['holdShelfExpired', run.expiredRequests.holdShelfExpired],
        ['waitingExpired', run.expiredRequests.waitingExpired],
      ] as const)
    : [];
  const printedFor = run?.date ?? date;

  return (
    <Page title={t('notices.pageTitle')} intro={t('notices.intro')}>
      <DeskAlert message={problem} />
      <form className="desk-scan" onSubmit={(e) => void submit(e)}>
        <TextField id="notice-date" type="date" label={t('notices.date')} hint={t('notices.dateHint')} value={date} onValueChange={setDate} required />
        <SubmitButton busy={busy}>{t('notices.run')}</SubmitButton>
      </form>
      <div role="status">
        {run ? (
          <section aria-labelledby="notice-counts-title">
            <h2 id="notice-counts-title">{t('notices.resultTitle')}</h2>
            <dl className="desk-facts">
              {counts.map(([key, value]) =>
                value === undefined ? null : (
                  <div key={key}>
                    <dt>{t(`notices.counts.${key}`)}</dt>
                    <dd>{value}</dd>
                  </div>
                ),
              )}
            </dl>
            {run.messages === 0 && !run.letters && !run.calls ? <p>{t('notices.nothingNew')}</p> : null}
          </section>
        ) : null}
      </div>
      <p>
        <Link to={`/notices/printed?date=${encodeURIComponent(printedFor)}`}>{t('notices.printedLink')}</Link>
      </p>
    </Page>
  );
}
