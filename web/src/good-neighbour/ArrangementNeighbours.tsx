import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../platform/confirm';
import { describeError, hasErrors, noErrors, type FormErrors } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { ErrorSummary, FormActions, SelectField, TextField, useFormSending } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice } from '../platform/notices';
import { Detail, focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { branchesApi } from '../organisation/api';
import { useLanguageName } from '../members/parts';
import { goodNeighbourApi, type Arrangement, type ArrangementNeighbour } from './api';
import { checkNeighbour, draftFromNeighbour, emptyNeighbour, neighbourFieldOfCode, neighbourFields, neighbourInput, splitFieldErrors, type NeighbourDraft } from './drafts';
import { NeighbourFields, PermissionFields, useNeighbourFieldMaps } from './NeighbourFields';
import { isServing, useVisitPattern } from './parts';
import type { SectionProps } from './ArrangementPage';

export function NeighboursSection({ arrangement, onChanged }: SectionProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const active = arrangement.status === 'active';
  const serving = arrangement.neighbours.filter(isServing);
  const former = arrangement.neighbours.filter((n) => !isServing(n));

  async function act(neighbour: ArrangementNeighbour, kind: 'withdraw' | 'remove') {
    const name = isolate(neighbour.name);
    const reader = isolate(arrangement.reader.name);
    const ok = await confirm({
      title: t(`goodNeighbour.neighbours.${kind}Title`, { name, reader }),
      body: <p>{t(`goodNeighbour.neighbours.${kind}Body`, { name, reader })}</p>,
      confirmLabel: t(`goodNeighbour.neighbours.${kind}`, { name }),
      destructive: true,
    });
    if (!ok) return;
    setProblem(null);
    try {
      const next =
        kind === 'withdraw'
          ? await goodNeighbourApi.withdrawNeighbourConsent(arrangement.id, neighbour.id)
          : await goodNeighbourApi.removeNeighbour(arrangement.id, neighbour.id);
      onChanged(next, t(`goodNeighbour.neighbours.${kind}Done`, { name, reader }));
      focusSoon('gn-neighbours-heading');
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  return (
    <section className="section" aria-labelledby="gn-neighbours-heading">
      <h2 id="gn-neighbours-heading" tabIndex={-1}>
        {t('goodNeighbour.neighbours.heading')}
      </h2>
      <ErrorNotice message={problem} />
      {serving.length === 0 ? <p>{t('goodNeighbour.neighbours.none')}</p> : null}
      <div className="card-list">
        {serving.map((neighbour) =>
          editing === neighbour.id ? (
            <section key={neighbour.id} className="card" aria-labelledby={`gn-edit-${neighbour.id}-heading`}>
              <h3 id={`gn-edit-${neighbour.id}-heading`} tabIndex={-1}>
                {t('goodNeighbour.neighbours.editHeading', { name: isolate(neighbour.name) })}
              </h3>
              <NeighbourForm
                arrangement={arrangement}
                neighbour={neighbour}
                onCancel={() => {
                  setEditing(null);
                  focusSoon(`gn-edit-${neighbour.id}`);
                }}
                onSaved={(next, draft) => {
                  setEditing(null);
                  onChanged(next, t('goodNeighbour.neighbours.saved', { name: isolate(draft.name.trim()) }));
                  focusSoon(`gn-edit-${neighbour.id}`);
                }}
              />
            </section>
          ) : (
            <NeighbourCard key={neighbour.id} arrangement={arrangement} neighbour={neighbour}>
              {active ? (
                <div className="button-row">
                  <button type="button" id={`gn-edit-${neighbour.id}`} className="button button--secondary" onClick={() => {
                    setEditing(neighbour.id);
                    focusSoon(`gn-edit-${neighbour.id}-heading`);
                  }}>
                    {t('goodNeighbour.neighbours.edit', { name: isolate(neighbour.name) })}
                  </button>
                  <button type="button" className="button button--danger-outline" onClick={() => void act(neighbour, 'withdraw')}>
                    {t('goodNeighbour.neighbours.withdraw', { name: isolate(neighbour.name) })}
                  </button>
                  <button type="button" className="button button--danger-outline" onClick={() => void act(neighbour, 'remove')}>
                    {t('goodNeighbour.neighbours.remove', { name: isolate(neighbour.name) })}
                  </button>
                </div>
              ) : null}
            </NeighbourCard>
          ),
        )}
      </div>
      {active ? (
        adding ? (
          <section className="card subsection" aria-labelledby="gn-add-heading">
            <h3 id="gn-add-heading" tabIndex={-1}>
              {t('goodNeighbour.neighbours.addHeading')}
            </h3>
            <NeighbourForm
              arrangement={arrangement}
              neighbour={null}
              onCancel={() => {
                setAdding(false);
                focusSoon('gn-add-neighbour');
              }}
              onSaved={(next, draft) => {
                setAdding(false);
                onChanged(next, t('goodNeighbour.neighbours.added', { name: isolate(draft.name.trim()), reader: isolate(arrangement.reader.name) }));
                focusSoon('gn-add-neighbour');
              }}
            />
          </section>
        ) : (
          <div className="button-row">
            <button type="button" id="gn-add-neighbour" className="button" onClick={() => {
              setAdding(true);
              focusSoon('gn-add-heading');
            }}>
              {t('goodNeighbour.neighbours.add')}
            </button>
          </div>
        )
      ) : null}
      {former.length > 0 ? (
        <section className="subsection" aria-labelledby="gn-former-heading">
          <h3 id="gn-former-heading">{t('goodNeighbour.neighbours.formerHeading')}</h3>
          <ul className="member-list">
            {former.map((neighbour) => (
              <li key={neighbour.id}>
                <span className="member-list__text">
                  <bdi className="member-list__name">{neighbour.name}</bdi>
                  <span className="member-list__meta">{neighbour.relationship ? <bdi>{neighbour.relationship}</bdi> : null}</span>
                </span>
                <FormerBadge neighbour={neighbour} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {dialog}
    </section>
  );
}

function FormerBadge({ neighbour }: { neighbour: ArrangementNeighbour }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  if (neighbour.consentWithdrawnAt) {
    return <span className="badge badge--danger">{t('goodNeighbour.neighbours.consentWithdrawnOn', { date: date(neighbour.consentWithdrawnAt) })}</span>;
  }
  return <span className="badge badge--muted">{t('goodNeighbour.neighbours.removed')}</span>;
}

function NeighbourCard({ arrangement, neighbour, children }: { arrangement: Arrangement; neighbour: ArrangementNeighbour; children: ReactNode }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const pattern = useVisitPattern();
  const languageName = useLanguageName();
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const branch = branches.status === 'ready' && neighbour.branchId ? branches.data.items.find((b) => b.id === neighbour.branchId)?.name : undefined;
  const sees = (['maySeeLoans', 'maySeeHistory', 'maySeeProfile'] as const).filter((field) => neighbour[field]).map((field) => t(`goodNeighbour.permissions.short.${field}`));
  const covering = arrangement.covers.filter((c) => c.coverId === neighbour.id);
  const headingId = `gn-neighbour-${neighbour.id}`;
  return (
    <section className="card partnership" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <bdi>{neighbour.name}</bdi>
        {neighbour.relationship ? (
          <span className="tag">
            <bdi>{neighbour.relationship}</bdi>
          </span>
        ) : null}
      </h3>
      <dl className="details-list">
        <Detail term={t('goodNeighbour.neighbour.nextVisit')}>{neighbour.nextVisit ? date(neighbour.nextVisit) : t('goodNeighbour.arrangement.noNextVisit')}</Detail>
        <Detail term={t('goodNeighbour.neighbour.visits')}>{pattern(neighbour)}</Detail>
        {covering.length > 0 ? (
          <Detail term={t('goodNeighbour.covers.covering')}>
            {covering
              .map((c) => t('goodNeighbour.covers.coveringFor', { name: isolate(arrangement.neighbours.find((n) => n.id === c.awayId)?.name ?? ''), from: date(c.startsOn), to: date(c.endsOn) }))
              .join(t('common.listSeparator'))}
          </Detail>
        ) : null}
        <Detail term={t('goodNeighbour.neighbour.email')}>{neighbour.email ? <bdi>{neighbour.email}</bdi> : '—'}</Detail>
        <Detail term={t('goodNeighbour.neighbour.phone')}>{neighbour.phone ? <bdi>{neighbour.phone}</bdi> : '—'}</Detail>
        <Detail term={t('goodNeighbour.neighbour.cardNumber')}>{neighbour.cardNumber ? <span dir="ltr">{neighbour.cardNumber}</span> : '—'}</Detail>
        <Detail term={t('goodNeighbour.neighbour.branch')}>{branch ? <bdi>{branch}</bdi> : '—'}</Detail>
        <Detail term={t('goodNeighbour.neighbour.language')}>{languageName(neighbour.language)}</Detail>
        <Detail term={t('goodNeighbour.neighbour.advanceNoticeShort')}>{neighbour.advanceNotice ? t('goodNeighbour.yes') : t('goodNeighbour.no')}</Detail>
        <Detail term={t('goodNeighbour.permissions.maySee')}>{sees.length > 0 ? sees.join(t('common.listSeparator')) : t('goodNeighbour.permissions.nothing')}</Detail>
      </dl>
      {children}
    </section>
  );
}

interface NeighbourFormProps {
  arrangement: Arrangement;
  /** The neighbour being changed; without one the form adds a neighbour. */
  neighbour: ArrangementNeighbour | null;
  onSaved(next: Arrangement, draft: NeighbourDraft): void;
  onCancel(): void;
}

function NeighbourForm({ arrangement, neighbour, onSaved, onCancel }: NeighbourFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<NeighbourDraft>(() => (neighbour ? draftFromNeighbour(neighbour) : emptyNeighbour(arrangement.reader.homeBranchId)));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const { busy, sendForm } = useFormSending(setErrors);
  const maps = useNeighbourFieldMaps([draft]);
  const fieldErrors = Object.fromEntries(neighbourFields.flatMap((field) => (errors.fields[`${draft.key}.${field}`] ? [[field, errors.fields[`${draft.key}.${field}`]]] : [])));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkNeighbour(draft, t);
    const fields = Object.fromEntries(Object.entries(checked).map(([field, message]) => [`${draft.key}.${field}`, message]));
    await sendForm(
      fields,
      async () => {
        const next = neighbour
          ? await goodNeighbourApi.updateNeighbour(arrangement.id, neighbour.id, neighbourInput(draft, true))
          : await goodNeighbourApi.addNeighbour(arrangement.id, neighbourInput(draft));
        onSaved(next, draft);
      },
      (error) => {
        const found = splitFieldErrors(error, true).neighbours.get(0) ?? {};
        const byCode = neighbourFieldOfCode(error);
        const refused: Record<string, string> = Object.fromEntries(Object.entries(found).map(([field, message]) => [`${draft.key}.${field}`, message]));
        if (byCode && !refused[`${draft.key}.${byCode}`]) refused[`${draft.key}.${byCode}`] = describeError(error, t);
        return { message: describeError(error, t), fields: refused };
      },
    );
  }

  return (
    <>
      <ErrorSummary errors={errors} fieldIds={maps.ids} fieldLabels={maps.labels} />
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-label={neighbour ? t('goodNeighbour.neighbours.editHeading', { name: isolate(neighbour.name) }) : t('goodNeighbour.neighbours.addHeading')}>
        {neighbour ? <p className="field__hint">{t('goodNeighbour.neighbours.sharedDetails')}</p> : <p className="field__hint">{t('goodNeighbour.neighbours.knownByEmail')}</p>}
        <NeighbourFields draft={draft} errors={hasErrors(errors) ? fieldErrors : {}} onChange={setDraft} />
        <PermissionFields draft={draft} onChange={setDraft} legend={t('goodNeighbour.permissions.legend', { name: isolate(draft.name.trim() || t('goodNeighbour.neighbour.thisNeighbour')) })} />
        <FormActions busy={busy} submitLabel={neighbour ? t('goodNeighbour.neighbours.save') : t('goodNeighbour.neighbours.addSubmit')} onCancel={onCancel} />
      </form>
    </>
  );
}

export function CoversSection({ arrangement, onChanged }: SectionProps) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const serving = arrangement.neighbours.filter(isServing);
  const active = arrangement.status === 'active';
  const nameOf = (id: string) => arrangement.neighbours.find((n) => n.id === id)?.name ?? '';
  const [awayChoice, setAwayId] = useState('');
  const [coverChoice, setCoverId] = useState('');
  // Until staff choose, and whenever a choice stops serving, the first two serving neighbours are offered.
  const isChoosable = (id: string) => serving.some((n) => n.id === id);
  const awayId = isChoosable(awayChoice) ? awayChoice : (serving[0]?.id ?? '');
  const coverId = isChoosable(coverChoice) ? coverChoice : (serving.find((n) => n.id !== awayId)?.id ?? '');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, sendForm } = useFormSending(setErrors);
  const [confirm, dialog] = useConfirm();
  const ids = { awayId: 'gn-cover-away', coverId: 'gn-cover-by', startsOn: 'gn-cover-from', endsOn: 'gn-cover-to' };
  const labels = { awayId: t('goodNeighbour.covers.away'), coverId: t('goodNeighbour.covers.by'), startsOn: t('goodNeighbour.covers.from'), endsOn: t('goodNeighbour.covers.to') };
  if (!active && arrangement.covers.length === 0) return null;

  async function add(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!awayId) fields.awayId = t('forms.required', { field: labels.awayId });
    if (!coverId) fields.coverId = t('forms.required', { field: labels.coverId });
    else if (coverId === awayId) fields.coverId = t('goodNeighbour.covers.sameNeighbour');
    if (!startsOn) fields.startsOn = t('forms.required', { field: labels.startsOn });
    if (!endsOn) fields.endsOn = t('forms.required', { field: labels.endsOn });
    else if (startsOn && endsOn < startsOn) fields.endsOn = t('goodNeighbour.covers.endsBeforeStart');
    await sendForm(
      fields,
      async () => {
        const next = await goodNeighbourApi.addCover(arrangement.id, { awayId, coverId, startsOn, endsOn });
        onChanged(next, t('goodNeighbour.covers.added', { cover: isolate(nameOf(coverId)), away: isolate(nameOf(awayId)), from: date(startsOn), to: date(endsOn) }));
        setStartsOn('');
        setEndsOn('');
      },
      (error) => ({ message: describeError(error, t), fields: splitFieldErrors(error).other }),
    );
  }

  async function remove(cover: Arrangement['covers'][number]) {
    const values = { cover: isolate(nameOf(cover.coverId)), away: isolate(nameOf(cover.awayId)), from: date(cover.startsOn), to: date(cover.endsOn) };
    const ok = await confirm({ title: t('goodNeighbour.covers.removeTitle'), body: <p>{t('goodNeighbour.covers.removeBody', values)}</p>, confirmLabel: t('goodNeighbour.covers.removeConfirm'), destructive: true });
    if (!ok) return;
    setProblem(null);
    try {
      onChanged(await goodNeighbourApi.removeCover(arrangement.id, cover.id), t('goodNeighbour.covers.removed', values));
      focusSoon('gn-covers-heading');
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  const options = serving.map((n) => ({ value: n.id, label: n.name }));
  return (
    <section className="section" aria-labelledby="gn-covers-heading">
      <h2 id="gn-covers-heading" tabIndex={-1}>
        {t('goodNeighbour.covers.heading')}
      </h2>
      <p className="section-intro">{t('goodNeighbour.covers.intro')}</p>
      <ErrorNotice message={problem} />
      {arrangement.covers.length === 0 ? (
        <p>{t('goodNeighbour.covers.none')}</p>
      ) : (
        <ul className="member-list">
          {arrangement.covers.map((cover) => {
            const values = { cover: isolate(nameOf(cover.coverId)), away: isolate(nameOf(cover.awayId)), from: date(cover.startsOn), to: date(cover.endsOn) };
            return (
              <li key={cover.id}>
                <span>{t('goodNeighbour.covers.line', values)}</span>
                {active ? (
                  <button type="button" className="button button--secondary button--small" onClick={() => void remove(cover)}>
                    {t('goodNeighbour.covers.remove')}
                    <span className="visually-hidden"> {t('goodNeighbour.covers.line', values)}</span>
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {active && serving.length >= 2 ? (
        <>
          <h3 id="gn-cover-add-heading" className="subsection">
            {t('goodNeighbour.covers.addHeading')}
          </h3>
          <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
          <form className="form card" noValidate onSubmit={(e) => void add(e)} aria-labelledby="gn-cover-add-heading">
            <div className="form-grid">
              <SelectField id={ids.awayId} label={labels.awayId} value={awayId} onValueChange={setAwayId} error={errors.fields.awayId} options={options} />
              <SelectField id={ids.coverId} label={labels.coverId} value={coverId} onValueChange={setCoverId} error={errors.fields.coverId} options={options} />
              <TextField id={ids.startsOn} type="date" label={labels.startsOn} value={startsOn} onValueChange={setStartsOn} error={errors.fields.startsOn} />
              <TextField id={ids.endsOn} type="date" label={labels.endsOn} value={endsOn} onValueChange={setEndsOn} error={errors.fields.endsOn} />
            </div>
            <FormActions busy={busy} submitLabel={t('goodNeighbour.covers.add')} />
          </form>
        </>
      ) : active ? (
        <p className="muted">{t('goodNeighbour.covers.needTwo')}</p>
      ) : null}
      {dialog}
    </section>
  );
}
