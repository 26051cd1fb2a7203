import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../platform/confirm';
import { describeError } from '../platform/errors';
import { StatusMessage, SubmitButton } from '../platform/forms';
import { ErrorNotice, LoadError, Loading } from '../platform/notices';
import { focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { DataTable } from '../platform/tables';
import { directoryApi, type PostcodeLoadReport, type PostcodeSummary } from './api';

/**
 * The postcode gazetteer: what is loaded, loading open postcode centroids (ONSPD, NSPL) from a CSV
 * file with a report of what became of its rows, and clearing it.
 */
export function PostcodePlacesSection() {
  const { t } = useTranslation();
  const [summary, reload] = useResource((signal) => directoryApi.postcodes(signal), []);
  const [report, setReport] = useState<PostcodeLoadReport | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  function loaded(next: PostcodeLoadReport) {
    setReport(next);
    setStatus(null);
    reload();
    focusSoon('postcode-report-heading');
  }

  function cleared() {
    setReport(null);
    setStatus(t('directory.postcodes.cleared'));
    reload();
  }

  return (
    <section className="section" aria-labelledby="postcode-places-heading">
      <h2 id="postcode-places-heading">{t('directory.postcodes.heading')}</h2>
      <p className="section-intro">{t('directory.postcodes.intro')}</p>
      <StatusMessage message={status} />
      {summary.status === 'loading' ? <Loading /> : null}
      {summary.status === 'error' ? <LoadError error={summary.error} onRetry={reload} /> : null}
      {summary.status === 'ready' ? <Loaded summary={summary.data} onCleared={cleared} /> : null}
      <LoadForm onLoaded={loaded} />
      {report ? <LoadReport report={report} /> : null}
    </section>
  );
}

function Loaded({ summary, onCleared }: { summary: PostcodeSummary; onCleared(): void }) {
  const { t } = useTranslation();
  const [confirm, dialog] = useConfirm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function clear() {
    const ok = await confirm({
      title: t('directory.postcodes.clearTitle', { count: summary.count }),
      body: <p>{t('directory.postcodes.clearBody')}</p>,
      confirmLabel: t('directory.postcodes.clearConfirm'),
      destructive: true,
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      await directoryApi.clearPostcodes();
      onCleared();
    } catch (failure) {
      setError(describeError(failure, t));
    } finally {
      setBusy(false);
    }
  }

  if (summary.count === 0) return <p>{t('directory.postcodes.none')}</p>;
  return (
    <>
      <dl className="import-counts">
        {(['count', 'districts'] as const).map((figure) => (
          <div key={figure}>
            <dt>{t(`directory.postcodes.summary.${figure}`)}</dt>
            <dd>{summary[figure]}</dd>
          </div>
        ))}
      </dl>
      <ErrorNotice message={error} />
      <p className="button-row">
        <button type="button" className="button button--danger-outline" disabled={busy} onClick={() => void clear()}>
          {t('directory.postcodes.clear')}
        </button>
      </p>
      {dialog}
    </>
  );
}

function LoadForm({ onLoaded }: { onLoaded(report: PostcodeLoadReport): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setError(t('directory.postcodes.fileMissing'));
      focusSoon('postcode-file');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onLoaded(await directoryApi.loadPostcodes(file));
    } catch (failure) {
      setError(describeError(failure, t));
      focusSoon('postcode-file');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="postcode-places-heading">
      <div className="field">
        <label htmlFor="postcode-file">{t('directory.postcodes.file')}</label>
        <p className="field__hint" id="postcode-file-hint">
          {t('directory.postcodes.fileHint')}
        </p>
        {error ? (
          <p className="field__error" id="postcode-file-error">
            {error}
          </p>
        ) : null}
        <input
          id="postcode-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby={error ? 'postcode-file-hint postcode-file-error' : 'postcode-file-hint'}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <SubmitButton busy={busy}>{t('directory.postcodes.submit')}</SubmitButton>
    </form>
  );
}

function LoadReport({ report }: { report: PostcodeLoadReport }) {
  const { t } = useTranslation();
  return (
    <section className="subsection" aria-labelledby="postcode-report-heading">
      <h3 id="postcode-report-heading" tabIndex={-1}>
        {t('directory.postcodes.reportHeading')}
      </h3>
      <dl className="import-counts">
        {(['loaded', 'skipped', 'rejectedCount'] as const).map((count) => (
          <div key={count}>
            <dt>{t(`directory.postcodes.counts.${count}`)}</dt>
            <dd>{report[count]}</dd>
          </div>
        ))}
      </dl>
      {report.rejected.length > 0 ? (
        <DataTable caption={t('directory.postcodes.rejectedCaption', { count: report.rejectedCount })} columns={[t('directory.postcodes.line'), t('directory.postcodes.reason')]}>
          {report.rejected.map((rejection) => (
            <tr key={`${rejection.line}-${rejection.reason}`}>
              <td>{rejection.line}</td>
              <td dir="auto">{rejection.reason}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
      {report.rejectedCount > report.rejected.length ? <p>{t('directory.postcodes.moreRejected', { shown: report.rejected.length, total: report.rejectedCount })}</p> : null}
    </section>
  );
}
