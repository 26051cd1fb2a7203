import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, FormActions, RadioGroup, TextAreaField, TextField, useFormSending, useFormState } from '../platform/forms';
import { focusSoon, Page } from '../platform/page';
import { DataTable } from '../platform/tables';
import { directoryApi, type ImportReport } from './api';
import { PostcodePlacesSection } from './PostcodePlacesSection';

type Field = 'sourceName' | 'feedUrl' | 'document';
type Mode = 'feed' | 'paste';

/**
 * Loads another council's Open Referral HSDS services into the directory, from its feed or pasted
 * JSON, and the postcode places its distance search starts from.
 */
export function DirectoryImportPage() {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('feed');
  const [report, setReport] = useState<ImportReport | null>(null);
  const form = useFormState<Field>({
    idPrefix: 'directory-import',
    initial: { sourceName: '', feedUrl: '', document: '' },
    labels: { sourceName: t('directory.import.sourceName'), feedUrl: t('directory.import.feedUrl'), document: t('directory.import.document') },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;

  function parsed(): { document?: unknown; problem?: string } {
    try {
      return { document: JSON.parse(values.document) as unknown };
    } catch {
      return { problem: t('directory.import.notJson') };
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!values.sourceName.trim()) fields.sourceName = t('forms.required', { field: form.labels.sourceName });
    const pasted = mode === 'paste' ? parsed() : {};
    if (mode === 'feed' && !/^https?:\/\/\S+$/i.test(values.feedUrl.trim())) fields.feedUrl = t('forms.invalidUrl');
    if (pasted.problem) fields.document = values.document.trim() ? pasted.problem : t('forms.required', { field: form.labels.document });
    setReport(null);
    await sendForm(fields, async () => {
      const sourceName = values.sourceName.trim();
      setReport(await directoryApi.import(mode === 'feed' ? { sourceName, feedUrl: values.feedUrl.trim() } : { sourceName, document: pasted.document }));
      focusSoon('directory-import-report');
    });
  }

  return (
    <Page title={t('directory.import.title')} intro={t('directory.import.intro')}>
      <p>
        <Link to="/directory">{t('directory.backToSearch')}</Link>
      </p>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="page-title">
        <TextField {...form.field('sourceName')} hint={t('directory.import.sourceNameHint')} dir="auto" maxLength={200} autoComplete="off" required />
        <RadioGroup
          name="directory-import-mode"
          legend={t('directory.import.from')}
          value={mode}
          options={[
            { value: 'feed', label: t('directory.import.fromFeed') },
            { value: 'paste', label: t('directory.import.fromPaste') },
          ]}
          onValueChange={(value) => setMode(value as Mode)}
        />
        {mode === 'feed' ? (
          <TextField {...form.field('feedUrl')} hint={t('directory.import.feedUrlHint')} type="url" dir="ltr" spellCheck={false} maxLength={2000} required />
        ) : (
          <TextAreaField {...form.field('document')} hint={t('directory.import.documentHint')} dir="ltr" spellCheck={false} rows={12} required />
        )}
        <FormActions busy={busy} submitLabel={t('directory.import.submit')} />
      </form>
      {report ? <Report report={report} /> : null}
      <PostcodePlacesSection />
    </Page>
  );
}

function Report({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="directory-import-report">
      <h2 id="directory-import-report" tabIndex={-1}>
        {t('directory.import.reportHeading')}
      </h2>
      <dl className="import-counts">
        {(['imported', 'updated'] as const).map((count) => (
          <div key={count}>
            <dt>{t(`directory.import.counts.${count}`)}</dt>
            <dd>{report[count]}</dd>
          </div>
        ))}
        <div>
          <dt>{t('directory.import.counts.rejected')}</dt>
          <dd>{report.rejected.length}</dd>
        </div>
      </dl>
      {report.rejected.length > 0 ? (
        <DataTable caption={t('directory.import.rejectedCaption', { count: report.rejected.length })} columns={[t('directory.import.externalId'), t('directory.import.reason')]}>
          {report.rejected.map((rejection, index) => (
            <tr key={`${rejection.externalId ?? 'none'}-${index}`}>
              <td dir="ltr" className="break-anywhere">
                {rejection.externalId ?? t('directory.import.noId')}
              </td>
              <td>{rejection.reason}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
