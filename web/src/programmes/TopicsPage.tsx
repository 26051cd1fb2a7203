import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { useConfirm } from '../platform/confirm';
import { describeError } from '../platform/errors';
import { ErrorSummary, FormActions, RadioGroup, SelectField, StatusMessage, TextAreaField, TextField, useFormSending, useFormState } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice } from '../platform/notices';
import { focusSoon, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { LoadedList } from '../platform/tables';
import { canEditProgrammes, programmesApi, resourceKinds, type ResourceInput, type ResourceKind, type Topic, type TopicResource } from './api';
import { useLanguageOptions, useProgrammeLanguageName } from './ProgrammeParts';

/** The most a file may weigh, as the server accepts it. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Everyday skills programmes teach, each with links, files and phrase sheets in several languages. */
export function TopicsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canEdit = !!user && canEditProgrammes(user.role);
  const [topics, reload] = useResource((signal) => programmesApi.topics(signal), []);
  const [status, setStatus] = useState<string | null>(null);
  const changed = (message: string) => {
    setStatus(message);
    reload();
  };

  return (
    <Page title={t('programmes.topics.title')} intro={t('programmes.topics.intro')}>
      <StatusMessage message={status} />
      <p>
        <Link to="/programmes">{t('programmes.backToList')}</Link>
      </p>
      <LoadedList resource={topics} onRetry={reload} empty={t('programmes.topics.empty')}>
        {(items) => items.map((topic) => <TopicSection key={topic.id} topic={topic} canEdit={canEdit} onChanged={changed} />)}
      </LoadedList>
      {canEdit ? <NewTopicForm onCreated={changed} /> : null}
    </Page>
  );
}

interface TopicSectionProps {
  topic: Topic;
  canEdit: boolean;
  onChanged(message: string): void;
}

function TopicSection({ topic, canEdit, onChanged }: TopicSectionProps) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const headingId = `topic-${topic.id}-heading`;
  const name = isolate(topic.name);

  async function removeTopic() {
    const ok = await confirm({ title: t('programmes.topics.removeTitle', { topic: name }), body: <p>{t('programmes.topics.removeBody')}</p>, confirmLabel: t('programmes.topics.remove'), destructive: true });
    if (!ok) return;
    await run(() => programmesApi.deleteTopic(topic.id), t('programmes.topics.removed', { topic: name }));
  }

  async function removeResource(resource: TopicResource) {
    const title = isolate(resource.title);
    const ok = await confirm({ title: t('programmes.resources.removeTitle', { title }), body: <p>{t('programmes.resources.removeBody', { topic: name })}</p>, confirmLabel: t('programmes.resources.remove'), destructive: true });
    if (!ok) return;
    await run(() => programmesApi.deleteResource(resource.id), t('programmes.resources.removed', { title }));
  }

  async function run(action: () => Promise<unknown>, message: string) {
    setProblem(null);
    try {
      await action();
      onChanged(message);
      focusSoon('page-title');
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  return (
    <section className="section card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <bdi>{topic.name}</bdi>
      </h2>
      {topic.description ? (
        <p className="pre-line" dir="auto">
          {topic.description}
        </p>
      ) : null}
      <ErrorNotice message={problem} />
      {topic.resources.length === 0 ? (
        <p>{t('programmes.resources.none')}</p>
      ) : (
        <ul className="member-list">
          {topic.resources.map((resource) => (
            <ResourceItem key={resource.id} resource={resource} canEdit={canEdit} onRemove={() => void removeResource(resource)} />
          ))}
        </ul>
      )}
      {canEdit && adding ? (
        <ResourceForm
          topic={topic}
          onCancel={() => {
            setAdding(false);
            focusSoon(`topic-${topic.id}-add`);
          }}
          onAdded={(title) => {
            setAdding(false);
            onChanged(t('programmes.resources.added', { title: isolate(title), topic: name }));
          }}
        />
      ) : null}
      {canEdit && !adding ? (
        <div className="button-row">
          <button type="button" id={`topic-${topic.id}-add`} className="button button--secondary" onClick={() => setAdding(true)}>
            {t('programmes.resources.add')}
            <span className="visually-hidden"> {topic.name}</span>
          </button>
          <button type="button" className="button button--danger-outline" onClick={() => void removeTopic()}>
            {t('programmes.topics.remove')}
            <span className="visually-hidden"> {topic.name}</span>
          </button>
        </div>
      ) : null}
      {dialog}
    </section>
  );
}

function ResourceItem({ resource, canEdit, onRemove }: { resource: TopicResource; canEdit: boolean; onRemove(): void }) {
  const { t } = useTranslation();
  const languageName = useProgrammeLanguageName();
  const link = resource.kind === 'link' && resource.url ? resource.url : programmesApi.resourceFileUrl(resource.id);
  return (
    <li>
      <span className="member-list__text">
        <a href={link} lang={resource.language} {...(resource.kind === 'link' ? { target: '_blank', rel: 'noopener noreferrer' } : { download: resource.fileName ?? true })}>
          <bdi>{resource.title}</bdi>
          {resource.kind === 'link' ? <span className="visually-hidden"> {t('common.opensInNewTab')}</span> : null}
        </a>
        <span className="member-list__meta">{t('programmes.resources.meta', { kind: t(`programmes.resources.kinds.${resource.kind}`), language: languageName(resource.language) })}</span>
      </span>
      {canEdit ? (
        <button type="button" className="button button--small button--danger-outline" onClick={onRemove}>
          {t('programmes.resources.remove')}
          <span className="visually-hidden"> {resource.title}</span>
        </button>
      ) : null}
    </li>
  );
}

/** A file's content as base64, for the JSON body the server takes. */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
}

function ResourceForm({ topic, onCancel, onAdded }: { topic: Topic; onCancel(): void; onAdded(title: string): void }) {
  const { t } = useTranslation();
  const languageOptions = useLanguageOptions();
  const prefix = `resource-${topic.id}`;
  const [kind, setKind] = useState<ResourceKind>('link');
  const [file, setFile] = useState<File | null>(null);
  const form = useFormState<'title' | 'language' | 'url' | 'file'>({
    idPrefix: prefix,
    initial: { title: '', language: 'en', url: '', file: '' },
    labels: { title: t('programmes.resources.resourceTitle'), language: t('programmes.resources.language'), url: t('programmes.resources.url'), file: t('programmes.resources.file') },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;
  const fileError = form.errors.fields.file;

  async function add(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const title = values.title.trim();
    if (!title) fields.title = t('forms.required', { field: form.labels.title });
    if (kind === 'link' && !/^https?:\/\/\S+$/i.test(values.url.trim())) fields.url = t('forms.invalidUrl');
    if (kind !== 'link' && !file) fields.file = t('programmes.resources.chooseFile');
    if (kind !== 'link' && file && file.size > MAX_FILE_BYTES) fields.file = t('programmes.resources.fileTooBig');
    await sendForm(fields, async () => {
      const body: ResourceInput =
        kind === 'link' || !file
          ? { kind: 'link', title, language: values.language, url: values.url.trim() }
          : { kind, title, language: values.language, fileName: file.name, contentType: file.type || 'application/octet-stream', contentBase64: await readAsBase64(file) };
      await programmesApi.addResource(topic.id, body);
      onAdded(title);
    });
  }

  return (
    <section className="subsection" aria-labelledby={`${prefix}-heading`}>
      <h3 id={`${prefix}-heading`}>{t('programmes.resources.addTo', { topic: isolate(topic.name) })}</h3>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form" noValidate onSubmit={(e) => void add(e)} aria-labelledby={`${prefix}-heading`}>
        <RadioGroup name={`${prefix}-kind`} legend={t('programmes.resources.kind')} value={kind} onValueChange={(value) => setKind(value as ResourceKind)} options={resourceKinds.map((value) => ({ value, label: t(`programmes.resources.kinds.${value}`) }))} />
        <div className="form-grid">
          <TextField {...form.field('title')} dir="auto" maxLength={200} autoComplete="off" required />
          <SelectField {...form.field('language')} options={languageOptions()} />
        </div>
        {kind === 'link' ? (
          <TextField {...form.field('url')} type="url" dir="ltr" autoComplete="off" maxLength={2000} required />
        ) : (
          <div className={`field${fileError ? ' field--error' : ''}`}>
            <label htmlFor={form.ids.file}>{form.labels.file}</label>
            <p className="field__hint" id={`${form.ids.file}-hint`}>
              {t('programmes.resources.fileHint')}
            </p>
            {fileError ? (
              <p className="field__error" id={`${form.ids.file}-error`}>
                <span className="visually-hidden">{t('forms.errorPrefix')} </span>
                {fileError}
              </p>
            ) : null}
            <input
              id={form.ids.file}
              type="file"
              aria-invalid={fileError ? true : undefined}
              aria-describedby={[`${form.ids.file}-hint`, fileError ? `${form.ids.file}-error` : ''].join(' ').trim()}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
        )}
        <FormActions busy={busy} submitLabel={t('programmes.resources.submit')} onCancel={onCancel} />
      </form>
    </section>
  );
}

function NewTopicForm({ onCreated }: { onCreated(message: string): void }) {
  const { t } = useTranslation();
  const form = useFormState<'name' | 'description'>({
    idPrefix: 'topic-new',
    initial: { name: '', description: '' },
    labels: { name: t('programmes.topics.name'), description: t('programmes.topics.description') },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);

  async function create(event: FormEvent) {
    event.preventDefault();
    const name = form.values.name.trim();
    const description = form.values.description.trim();
    const fields: Record<string, string> = name ? {} : { name: t('forms.required', { field: form.labels.name }) };
    await sendForm(fields, async () => {
      await programmesApi.addTopic({ name, ...(description && { description }) });
      form.setValues({ name: '', description: '' });
      onCreated(t('programmes.topics.created', { topic: isolate(name) }));
    });
  }

  return (
    <section className="section" aria-labelledby="topic-new-heading">
      <h2 id="topic-new-heading">{t('programmes.topics.newHeading')}</h2>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={(e) => void create(e)} aria-labelledby="topic-new-heading">
        <TextField {...form.field('name')} dir="auto" maxLength={200} autoComplete="off" required />
        <TextAreaField {...form.field('description')} dir="auto" optional maxLength={1000} />
        <FormActions busy={busy} submitLabel={t('programmes.topics.create')} />
      </form>
    </section>
  );
}
