import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, ErrorSummary, FormActions, TextField, useFormSending, useFormState } from '../../platform/forms';
import { LoadError } from '../../platform/notices';
import { useResource } from '../../platform/resource';
import { circulationApi } from '../../circulation/api';
import { useMoney } from '../../circulation/money';
import { amountInPence, penceAsAmount, wholeNumber } from './amounts';
import { programmesApi } from '../api';
import { registerApi, type Counts, type Register, type Tally } from './api';

interface TallyFormProps {
  sessionId: string;
  register: Register;
  onSaved(tally: Required<Tally>, counts: Counts): void;
}

/** What is counted rather than named: people whose names were not taken, the donations tin, and the topics covered. */
export function TallyForm({ sessionId, register, onSaved }: TallyFormProps) {
  const { t } = useTranslation();
  const money = useMoney();
  const [currency] = useResource((signal) => circulationApi.currency(signal), []);
  const form = useFormState({
    idPrefix: 'reg-tally',
    initial: { unnamedAttendees: String(register.unnamedAttendees), donationsPence: penceAsAmount(register.donationsPence) },
    labels: { unnamedAttendees: t('programmeSessions.tally.unnamedAttendees'), donationsPence: t('programmeSessions.tally.donations') },
  });
  const [topicIds, setTopicIds] = useState<string[]>(register.topicIds);
  const [topics, reloadTopics] = useResource((signal) => programmesApi.topics(signal), []);
  const { busy, sendForm } = useFormSending(form.setErrors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const unnamedAttendees = wholeNumber(form.values.unnamedAttendees);
    const donationsPence = amountInPence(form.values.donationsPence);
    const fields: Record<string, string> = {};
    if (unnamedAttendees === null) fields.unnamedAttendees = t('programmeSessions.tally.unnamedInvalid');
    if (donationsPence === null) fields.donationsPence = t('programmeSessions.tally.donationsInvalid');
    await sendForm(fields, async () => {
      const tally = { unnamedAttendees: unnamedAttendees ?? 0, donationsPence: donationsPence ?? 0, topicIds };
      onSaved(tally, await registerApi.saveTally(sessionId, tally));
    });
  }

  const example = currency.status === 'ready' ? money(250, currency.data.currency) : null;
  return (
    <section className="section" aria-labelledby="reg-tally-heading">
      <h2 id="reg-tally-heading">{t('programmeSessions.tally.heading')}</h2>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="reg-tally-heading">
        <div className="form-grid">
          <TextField {...form.field('unnamedAttendees')} hint={t('programmeSessions.tally.unnamedHint')} inputMode="numeric" autoComplete="off" maxLength={4} dir="ltr" />
          <TextField {...form.field('donationsPence')} hint={example ? t('programmeSessions.tally.donationsHint', { example }) : undefined} inputMode="decimal" autoComplete="off" maxLength={9} dir="ltr" />
        </div>
        <fieldset className="radios">
          <legend>{t('programmeSessions.tally.topics')}</legend>
          {topics.status === 'error' ? <LoadError error={topics.error} onRetry={reloadTopics} /> : null}
          {topics.status === 'ready' && topics.data.items.length === 0 ? <p className="field__hint">{t('programmeSessions.tally.noTopics')}</p> : null}
          <div className="register-choices">
            {(topics.data?.items ?? []).map((topic) => (
              <CheckboxField
                key={topic.id}
                id={`reg-topic-${topic.id}`}
                label={<bdi>{topic.name}</bdi>}
                checked={topicIds.includes(topic.id)}
                onCheckedChange={(on) => setTopicIds((current) => (on ? [...current, topic.id] : current.filter((id) => id !== topic.id)))}
              />
            ))}
          </div>
        </fieldset>
        <FormActions busy={busy} submitLabel={t('programmeSessions.tally.save')} />
      </form>
    </section>
  );
}
