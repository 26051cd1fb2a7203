import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../platform/api';
import { describeError } from '../platform/errors';
import { useCodedMessage } from '../platform/i18n';
import { SelectField, StatusMessage, SubmitButton } from '../platform/forms';
import { useFormatters } from '../platform/format';
import { LoadError, Loading } from '../platform/notices';
import { Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import { formatOfFileName, importApi, importFormats, type CatalogueImport, type CatalogueImportWithReport, type ImportFormat, type ImportNote } from './import-api';

const POLL_MS = 1000;

export function ImportPage() {
  const { t } = useTranslation();
  const [history, reloadHistory] = useResource((signal) => importApi.list(signal), []);
  const [currentId, setCurrentId] = useState<string | null>(null);

  return (
    <Page title={t('catalogueImport.title')} intro={t('catalogueImport.intro')}>
      <UploadForm onStarted={(run) => setCurrentId(run.id)} />
      {currentId ? <ImportProgress key={currentId} id={currentId} onFinished={reloadHistory} /> : null}
      <section className="section" aria-labelledby="imports-heading">
        <h2 id="imports-heading">{t('catalogueImport.historyHeading')}</h2>
        {history.status === 'loading' ? <Loading /> : null}
        {history.status === 'error' ? <LoadError error={history.error} onRetry={reloadHistory} /> : null}
        {history.status === 'ready' ? <ImportHistory runs={history.data.items} onShow={setCurrentId} /> : null}
      </section>
    </Page>
  );
}

function UploadForm({ onStarted }: { onStarted(run: CatalogueImport): void }) {
  const { t } = useTranslation();
  const whyUnreadable = useWhyUnreadable();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('marc');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setError(t('catalogueImport.form.fileMissing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onStarted(await importApi.upload(file, format));
    } catch (failure) {
      const unreadable = failure instanceof ApiError && (failure.code === 'marc_unreadable' || failure.code === 'csv_unreadable');
      setError(unreadable ? t('catalogueImport.form.unreadable', { detail: whyUnreadable(failure) }) : describeError(failure, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby="import-form-heading">
      <h2 id="import-form-heading">{t('catalogueImport.form.heading')}</h2>
      <form onSubmit={submit} noValidate>
        {error ? (
          <p className="error-summary" role="alert" tabIndex={-1} ref={errorRef}>
            {error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="import-file">{t('catalogueImport.form.file')}</label>
          <p className="field__hint" id="import-file-hint">
            {t('catalogueImport.form.fileHint')}
          </p>
          <input
            id="import-file"
            type="file"
            accept=".mrc,.marc,.dat,.xml,.csv"
            aria-describedby="import-file-hint"
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              const guessed = chosen && formatOfFileName(chosen.name);
              if (guessed) setFormat(guessed);
            }}
          />
        </div>
        <SelectField
          id="import-format"
          label={t('catalogueImport.form.format')}
          value={format}
          options={importFormats.map((value) => ({ value, label: t(`catalogueImport.formats.${value}`) }))}
          onValueChange={(value) => setFormat(value as ImportFormat)}
        />
        <SubmitButton busy={busy}>{t('catalogueImport.form.submit')}</SubmitButton>
      </form>
    </section>
  );
}

function ImportProgress({ id, onFinished }: { id: string; onFinished(): void }) {
  const { t } = useTranslation();
  const [run, setRun] = useState<CatalogueImportWithReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const latest = await importApi.get(id, controller.signal);
        setRun(latest);
        if (latest.status === 'completed' || latest.status === 'failed') finishedRef.current();
        else timer = setTimeout(poll, POLL_MS);
      } catch (failure) {
        if (!controller.signal.aborted) setError(failure);
      }
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id]);

  if (error) return <LoadError error={error} />;
  if (!run) return <Loading />;
  const done = run.status === 'completed' || run.status === 'failed';
  // The bar shows the run's own figures: a run that stopped part-way stays part-full.
  return (
    <section className="section" aria-labelledby="import-progress-heading">
      <h2 id="import-progress-heading">{t('catalogueImport.progress.heading', { file: run.fileName ?? t(`catalogueImport.formats.${run.format}`) })}</h2>
      <label htmlFor="import-progress" className="import-progress__label">
        {t(`catalogueImport.status.${run.status}`)}
      </label>
      <progress id="import-progress" className="import-progress" max={Math.max(run.total, 1)} value={run.processed} />
      <p>{t('catalogueImport.progress.count', { processed: run.processed, total: run.total })}</p>
      <StatusMessage message={run.status === 'completed' ? t('catalogueImport.progress.completed') : run.status === 'failed' ? t('catalogueImport.progress.failed') : null} />
      {run.failure ? <FailureReason run={run} /> : null}
      {done ? <ImportReport run={run} /> : null}
    </section>
  );
}

/** Why an uploaded file cannot be read, in the reader's language where the server coded it; its English otherwise. */
function useWhyUnreadable() {
  const coded = useCodedMessage();
  return (failure: ApiError) => {
    const why = failure.fieldErrors.find((error) => error.field === 'file');
    return coded('catalogueImport.notes', why?.code, why?.params) ?? failure.detail;
  };
}

/** Why a run failed, in the reader's language; a failure without a code this app knows keeps the server's English. */
function FailureReason({ run }: { run: CatalogueImportWithReport }) {
  const translated = useCodedMessage()('catalogueImport.failures', run.failureCode);
  return (
    <p className="error-summary" lang={translated ? undefined : 'en'}>
      {translated ?? run.failure}
    </p>
  );
}

/** A note's reason in the reader's language; one whose code this app does not know (or an old one without a code) keeps the server's English. */
function NoteReason({ note }: { note: ImportNote }) {
  const translated = useCodedMessage()('catalogueImport.notes', note.code, note.params);
  return <td lang={translated ? undefined : 'en'}>{translated ?? note.reason}</td>;
}

function ImportReport({ run }: { run: CatalogueImportWithReport }) {
  const { t } = useTranslation();
  const notes = [
    ...run.report.rejected.map((note) => ({ ...note, kind: 'rejected' as const })),
    ...run.report.warnings.map((note) => ({ ...note, kind: 'warning' as const })),
  ];
  return (
    <>
      <dl className="import-counts">
        {(['imported', 'updated', 'rejected', 'itemsAdded'] as const).map((count) => (
          <div key={count}>
            <dt>{t(`catalogueImport.counts.${count}`)}</dt>
            <dd>{run[count]}</dd>
          </div>
        ))}
      </dl>
      {run.report.truncated ? (
        <p className="notice notice--info">
          {t('catalogueImport.report.truncated', { limit: run.report.limit, rejected: run.report.omitted.rejected, warnings: run.report.omitted.warnings })}
        </p>
      ) : null}
      {notes.length > 0 ? (
        <TableRegion label={t('catalogueImport.report.tableLabel')}>
          <table className="data-table">
            <caption>{t('catalogueImport.report.caption', { count: notes.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('catalogueImport.report.record')}</th>
                <th scope="col">{t('catalogueImport.report.title')}</th>
                <th scope="col">{t('catalogueImport.report.outcome')}</th>
                <th scope="col">{t('catalogueImport.report.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {notes.map((note, i) => (
                <tr key={`${note.kind}-${note.index}-${i}`}>
                  <th scope="row">{note.index}</th>
                  <td>{note.title ? <bdi>{note.title}</bdi> : (note.controlNumber ?? '—')}</td>
                  <td>{t(`catalogueImport.report.${note.kind}`)}</td>
                  <NoteReason note={note} />
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </>
  );
}

function ImportHistory({ runs, onShow }: { runs: CatalogueImport[]; onShow(id: string): void }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <TableRegion label={t('catalogueImport.history.tableLabel')}>
      <table className="data-table">
        <caption>{t('catalogueImport.history.caption', { count: runs.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('catalogueImport.history.file')}</th>
            <th scope="col">{t('catalogueImport.history.started')}</th>
            <th scope="col">{t('catalogueImport.history.status')}</th>
            <th scope="col">{t('catalogueImport.counts.imported')}</th>
            <th scope="col">{t('catalogueImport.counts.updated')}</th>
            <th scope="col">{t('catalogueImport.counts.rejected')}</th>
            <th scope="col">{t('catalogueImport.history.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.length === 0 ? (
            <tr>
              <td colSpan={7}>{t('catalogueImport.history.empty')}</td>
            </tr>
          ) : null}
          {runs.map((run) => (
            <tr key={run.id}>
              <th scope="row">
                <bdi>{run.fileName ?? t(`catalogueImport.formats.${run.format}`)}</bdi>
              </th>
              <td>{dateTime(run.createdAt)}</td>
              <td>{t(`catalogueImport.status.${run.status}`)}</td>
              <td>{run.imported}</td>
              <td>{run.updated}</td>
              <td>{run.rejected}</td>
              <td>
                <button type="button" className="button button--small button--secondary" aria-label={t('catalogueImport.history.showFor', { file: run.fileName ?? run.id })} onClick={() => onShow(run.id)}>
                  {t('catalogueImport.history.show')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
