import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { ErrorSummary, FormActions, StatusMessage, TextField, useFormSending, useFormState } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { Loading } from '../platform/notices';
import { LoadFailedPage, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { canEditProgrammes, programmesApi, type Programme } from './api';
import { BranchesPanel } from './BranchesPanel';
import { ProgrammeEditor } from './ProgrammeEditor';
import { SchedulesPanel } from './SchedulesPanel';
import { TranslationsEditor } from './TranslationsEditor';

/** Where a new programme lands, and what it says there. */
interface ArrivalState {
  arrived?: 'created' | 'copied';
}

/** Starting a programme: its details first; branches, schedules and translations follow on its own page. */
export function NewProgrammePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Page title={t('programmes.editor.newTitle')} intro={t('programmes.editor.newIntro')}>
      <p>
        <Link to="/programmes">{t('programmes.backToList')}</Link>
      </p>
      <section className="section" aria-labelledby="programme-details-heading">
        <h2 id="programme-details-heading">{t('programmes.editor.heading')}</h2>
        <ProgrammeEditor programme={null} readOnly={false} onSaved={(created) => navigate(`/programmes/${created.id}`, { state: { arrived: 'created' } satisfies ArrivalState })} />
      </section>
    </Page>
  );
}

/** One programme: its text and translations, the branches it runs at and its schedules, with its public page and feed. */
export function ProgrammePage() {
  const { id = '' } = useParams();
  // A fresh screen for each programme, so that a copy does not inherit the original's forms and messages.
  return <ProgrammeScreen key={id} id={id} />;
}

function ProgrammeScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  const canEdit = !!user && canEditProgrammes(user.role);
  const [programme, reload, update] = useResource((signal) => programmesApi.get(id, signal), [id]);
  const [status, setStatus] = useState<string | null>(null);
  const arrived = (location.state as ArrivalState | null)?.arrived;

  if (programme.status === 'loading') return <Loading />;
  if (programme.status === 'error') {
    return <LoadFailedPage title={t('programmes.notFoundTitle')} error={programme.error} onRetry={reload} back={{ to: '/programmes', label: t('programmes.backToList') }} />;
  }
  const shown = programme.data;
  const panel = {
    programme: shown,
    canEdit,
    onChanged: (message: string) => {
      setStatus(message);
      reload();
    },
  };

  return (
    <Page title={shown.name}>
      <StatusMessage message={status ?? (arrived ? t(`programmes.editor.${arrived}`, { name: isolate(shown.name) }) : null)} />
      <ul className="plain-list button-row">
        <li>
          <Link to="/programmes">{t('programmes.backToList')}</Link>
        </li>
        <li>
          <Link to="/programmes/calendar">{t('programmes.calendar.title')}</Link>
        </li>
        <li>
          <a href={programmesApi.publicPageUrl(shown.id)} target="_blank" rel="noreferrer">
            {t('programmes.publicPage')} <span className="visually-hidden">{t('common.opensInNewTab')}</span>
          </a>
        </li>
        <li>
          <a href={programmesApi.calendarFeedUrl(shown.id)}>{t('programmes.calendarFeed')}</a>
        </li>
      </ul>
      <section className="section" aria-labelledby="programme-details-heading">
        <h2 id="programme-details-heading">{t('programmes.editor.heading')}</h2>
        <ProgrammeEditor
          key={shown.id}
          programme={shown}
          readOnly={!canEdit}
          onSaved={(saved) => {
            update(() => saved);
            setStatus(t('programmes.editor.saved', { name: isolate(saved.name) }));
          }}
        />
      </section>
      <TranslationsEditor {...panel} />
      <BranchesPanel {...panel} />
      <SchedulesPanel {...panel} />
      {canEdit ? <CopySection programme={shown} /> : null}
    </Page>
  );
}

/** Copies the programme's text, translations, eligibility and topics as the start of another, with no sessions or people. */
function CopySection({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useFormState<'name'>({
    idPrefix: 'programme-copy',
    initial: { name: t('programmes.copy.defaultName', { name: programme.name }) },
    labels: { name: t('programmes.copy.name') },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);

  async function copy(event: FormEvent) {
    event.preventDefault();
    const name = form.values.name.trim();
    const fields: Record<string, string> = name ? {} : { name: t('forms.required', { field: form.labels.name }) };
    await sendForm(fields, async () => {
      const copied = await programmesApi.copy(programme.id, { name });
      navigate(`/programmes/${copied.id}`, { state: { arrived: 'copied' } satisfies ArrivalState });
    });
  }

  return (
    <section className="section" aria-labelledby="programme-copy-heading">
      <h2 id="programme-copy-heading">{t('programmes.copy.heading')}</h2>
      <p className="section-intro">{t('programmes.copy.intro')}</p>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={(e) => void copy(e)} aria-labelledby="programme-copy-heading">
        <TextField {...form.field('name')} maxLength={200} autoComplete="off" dir="auto" required />
        <FormActions busy={busy} submitLabel={t('programmes.copy.submit')} />
      </form>
    </section>
  );
}
