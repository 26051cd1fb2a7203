import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../platform/page';
import { TextField, SubmitButton } from '../platform/forms';
import { describeError } from '../platform/errors';
import { api } from '../platform/api';
import { DeskAlert } from '../circulation/DeskPage';

interface NoticeRun {
  date: string;
  advance: number;
  firstOverdue: number;
  secondOverdue: number;
  requestReady: number;
  messages: number;
  expiredRequests: { holdShelfExpired: number; waitingExpired: number };
}

const today = () => new Date().toISOString().slice(0, 10);

/** Runs a day's notices by hand (the same run happens each morning) and shows what it sent. */
export function NoticesPage() {
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
      setRun(await api.post<NoticeRun>('/api/notices/run', { date }));
    } catch (error) {
      setProblem(describeError(error, t));
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
        ['holdShelfExpired', run.expiredRequests.holdShelfExpired],
        ['waitingExpired', run.expiredRequests.waitingExpired],
      ] as const)
    : [];

  return (
    <Page title={t('notices.pageTitle')} intro={t('notices.intro')}>
      <DeskAlert message={problem} />
      <form className="desk-scan" onSubmit={(e) => void submit(e)}>
        <TextField id="notice-date" type="date" label={t('notices.date')} value={date} onValueChange={setDate} required />
        <SubmitButton busy={busy}>{t('notices.run')}</SubmitButton>
      </form>
      <div role="status">
        {run ? (
          <section aria-labelledby="notice-counts-title">
            <h2 id="notice-counts-title">{t('notices.resultTitle')}</h2>
            <dl className="desk-facts">
              {counts.map(([key, value]) => (
                <div key={key}>
                  <dt>{t(`notices.counts.${key}`)}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
            {run.messages === 0 ? <p>{t('notices.nothingNew')}</p> : null}
          </section>
        ) : null}
      </div>
    </Page>
  );
}
