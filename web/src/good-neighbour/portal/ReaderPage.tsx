import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../platform/api';
import { describeError } from '../../platform/errors';
import { StatusMessage, SubmitButton, TextField } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { ErrorNotice, Loading } from '../../platform/notices';
import { focusSoon, Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { portalApi, type Format, type PortalLoan, type PortalSelection, type ReaderView, type RenewResult, type TitleFound } from './api';
import { Cover, dueInWords, RenewOutcome, useLongDate, visitInWords } from './parts';
import { PortalLoadError } from './session';

interface SectionProps {
  view: ReaderView;
  onChanged(): void;
  onStatus(message: string): void;
}

function Authors({ authors }: { authors: string[] }) {
  const { t } = useTranslation();
  if (authors.length === 0) return null;
  return (
    <span className="portal-book__authors">
      <bdi>{authors.join(t('common.listSeparator'))}</bdi>
    </span>
  );
}

/** A book in the portal's lists: its cover, title and authors, then whatever `children` add. */
function BookCard({ book, children }: { book: { title: string; authors: string[]; coverUrl: string | null; format: Format }; children: ReactNode }) {
  return (
    <li className="portal-book">
      <Cover url={book.coverUrl} format={book.format} />
      <div className="portal-book__text">
        <p className="portal-book__title">
          <bdi>{book.title}</bdi>
        </p>
        <Authors authors={book.authors} />
        {children}
      </div>
    </li>
  );
}

interface ListSectionProps<T> {
  id: string;
  heading: string;
  intro?: string;
  items: readonly T[];
  none: string;
  listClassName: string;
  children(item: T): ReactNode;
}

/** A section of the page that lists things, or says there are none. */
function ListSection<T>({ id, heading, intro, items, none, listClassName, children }: ListSectionProps<T>) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {intro ? <p className="section-intro">{intro}</p> : null}
      {items.length === 0 ? <p>{none}</p> : <ul className={listClassName}>{items.map(children)}</ul>}
    </section>
  );
}

/** Names the book a button acts on, for those who cannot see which card the button sits in. */
function TitleForScreenReaders({ title }: { title: string }) {
  return (
    <span className="visually-hidden">
      {' '}
      <bdi>{title}</bdi>
    </span>
  );
}

function DueLine({ loan, today }: { loan: PortalLoan; today: string }) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  return (
    <p className={loan.overdue ? 'portal-due portal-due--late' : 'portal-due'}>
      {t('neighbourPortal.loans.due', { when: dueInWords(t, loan.dueDate, today), date: longDate(loan.dueDate) })}
    </p>
  );
}

function VisitsSection({ view }: { view: ReaderView }) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  return (
    <ListSection id="visits-heading" heading={t('neighbourPortal.visits.heading')} items={view.visits} none={t('neighbourPortal.visits.none')} listClassName="portal-dates">
      {(date) => (
        <li key={date}>
          <span className="portal-dates__date">{longDate(date)}</span> <span className="muted">{visitInWords(t, date, view.today)}</span>
        </li>
      )}
    </ListSection>
  );
}

function LookForSection({ view }: { view: ReaderView }) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  const items = view.toLookFor ?? [];
  return (
    <ListSection
      id="look-for-heading"
      heading={t('neighbourPortal.lookFor.heading')}
      intro={view.nextVisit ? t('neighbourPortal.lookFor.intro', { date: longDate(view.nextVisit) }) : t('neighbourPortal.lookFor.introNoVisit')}
      items={items}
      none={t('neighbourPortal.lookFor.none')}
      listClassName="portal-books"
    >
      {(loan) => (
        <BookCard key={loan.id} book={loan}>
          <p className={`badge ${loan.why === 'due_before_visit' ? 'badge--pending' : 'badge--danger'} portal-book__why`}>
            {loan.why === 'misplaced'
              ? t('neighbourPortal.lookFor.misplaced', { date: longDate(loan.misplacedAtHomeOn ?? view.today) })
              : t(`neighbourPortal.lookFor.${loan.why}`)}
          </p>
          <DueLine loan={loan} today={view.today} />
        </BookCard>
      )}
    </ListSection>
  );
}

function LoansSection({ view, onChanged, onStatus }: SectionProps) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<RenewResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const loans = view.loans ?? [];
  const readerId = view.reader.id;

  async function renew(loanIds?: string[]) {
    setBusy(loanIds ? loanIds[0]! : 'all');
    setProblem(null);
    try {
      setOutcome(await portalApi.renew(readerId, loanIds));
      onChanged();
      focusSoon('renew-outcome');
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setBusy(null);
    }
  }

  async function mark(loan: PortalLoan) {
    setBusy(loan.id);
    setProblem(null);
    try {
      if (loan.misplacedAtHomeOn) {
        await portalApi.found(readerId, loan.id);
        onStatus(t('neighbourPortal.loans.foundDone', { title: isolate(loan.title) }));
      } else {
        await portalApi.misplaced(readerId, loan.id);
        onStatus(t('neighbourPortal.loans.misplacedDone', { title: isolate(loan.title) }));
      }
      onChanged();
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setBusy(null);
      focusSoon(`misplaced-${loan.id}`);
    }
  }

  return (
    <section className="section" aria-labelledby="loans-heading">
      <h2 id="loans-heading">{t('neighbourPortal.loans.heading')}</h2>
      {loans.length === 0 ? (
        <p>{t('neighbourPortal.loans.none', { name: isolate(view.reader.firstName) })}</p>
      ) : (
        <>
          <p className="section-intro">{t('neighbourPortal.loans.renewIntro')}</p>
          <button type="button" className="button portal-wide" disabled={busy !== null} onClick={() => void renew()}>
            {busy === 'all' ? t('neighbourPortal.renew.busy') : t('neighbourPortal.renew.all', { count: loans.length })}
          </button>
        </>
      )}
      <ErrorNotice message={problem} />
      {outcome ? <RenewOutcome result={outcome} /> : null}
      {loans.length > 0 ? (
        <ul className="portal-books">
          {loans.map((loan) => (
            <BookCard key={loan.id} book={loan}>
              <p className="muted portal-book__format">{t(`neighbourPortal.formats.${loan.format}`)}</p>
              <DueLine loan={loan} today={view.today} />
              <p className="muted">
                {loan.collectedBy
                  ? t('neighbourPortal.loans.collectedBy', { date: longDate(loan.issuedAt.slice(0, 10)), name: isolate(loan.collectedBy) })
                  : t('neighbourPortal.loans.issued', { date: longDate(loan.issuedAt.slice(0, 10)) })}
              </p>
              {loan.misplacedAtHomeOn ? (
                <p className="badge badge--danger portal-book__why">{t('neighbourPortal.lookFor.misplaced', { date: longDate(loan.misplacedAtHomeOn) })}</p>
              ) : null}
              <div className="button-row portal-book__actions">
                <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void renew([loan.id])}>
                  {t('neighbourPortal.loans.renew')}
                  <TitleForScreenReaders title={loan.title} />
                </button>
                <button type="button" id={`misplaced-${loan.id}`} className="button button--secondary" disabled={busy !== null} onClick={() => void mark(loan)}>
                  {loan.misplacedAtHomeOn ? t('neighbourPortal.loans.found') : t('neighbourPortal.loans.misplaced')}
                  <TitleForScreenReaders title={loan.title} />
                </button>
              </div>
            </BookCard>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function RequestsSection({ view }: { view: ReaderView }) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  return (
    <ListSection id="requests-heading" heading={t('neighbourPortal.requests.heading')} items={view.requests} none={t('neighbourPortal.requests.none')} listClassName="portal-plain-list">
      {(request) => (
        <li key={request.id}>
          <bdi className="portal-book__title">{request.title}</bdi>
          <span className="muted">
            {request.status === 'ready'
              ? request.holdUntil
                ? t('neighbourPortal.requests.readyUntil', { branch: isolate(request.pickupBranchName), date: longDate(request.holdUntil) })
                : t('neighbourPortal.requests.ready', { branch: isolate(request.pickupBranchName) })
              : t('neighbourPortal.requests.waiting', { branch: isolate(request.pickupBranchName), count: request.position ?? 1 })}
          </span>
          {request.askedBy ? <span className="muted">{t('neighbourPortal.requests.askedBy', { name: isolate(request.askedBy) })}</span> : null}
        </li>
      )}
    </ListSection>
  );
}

/** Where a title set aside for the visit is now. */
function SelectedTitleStatus({ item }: { item: PortalSelection['items'][number] }) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  if (item.requestStatus === 'ready' && item.holdUntil) return <p className="badge badge--ok">{t('neighbourPortal.selections.ready', { date: longDate(item.holdUntil) })}</p>;
  if (item.requestStatus === 'waiting') return <p className="badge badge--pending">{t('neighbourPortal.selections.waiting')}</p>;
  if (item.requestStatus === 'collected') return <p className="badge badge--ok">{t('neighbourPortal.selections.collected')}</p>;
  return <p className="badge badge--muted">{t('neighbourPortal.selections.closed')}</p>;
}

/** Titles staff or the neighbour set aside for a visit, and a way to say they have been taken. */
function SelectionsSection({ view, onChanged, onStatus }: SectionProps) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function taken(selection: PortalSelection) {
    setBusy(selection.id);
    setProblem(null);
    try {
      await portalApi.collected(view.reader.id, selection.id);
      onStatus(t('neighbourPortal.selections.takenDone'));
      onChanged();
    } catch (error) {
      setProblem(error instanceof ApiError && error.code === 'copies_on_hold_shelf' ? t('neighbourPortal.selections.stillOnShelf') : describeError(error, t));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="section" aria-labelledby="selections-heading">
      <h2 id="selections-heading">{t('neighbourPortal.selections.heading')}</h2>
      <ErrorNotice message={problem} />
      {view.selections.map((selection) => (
        <div key={selection.id} className="portal-selection">
          <p className="section-intro">
            {selection.status === 'collected'
              ? t('neighbourPortal.selections.collectedOn', { date: longDate((selection.collectedAt ?? view.today).slice(0, 10)) })
              : selection.forVisit
                ? t('neighbourPortal.selections.forVisit', { date: longDate(selection.forVisit), branch: isolate(selection.pickupBranchName) })
                : t('neighbourPortal.selections.noVisit', { branch: isolate(selection.pickupBranchName) })}
          </p>
          <ul className="portal-books">
            {selection.items.map((item) => (
              <BookCard key={item.recordId} book={item}>
                <SelectedTitleStatus item={item} />
              </BookCard>
            ))}
          </ul>
          {selection.status === 'open' && selection.items.length > 0 ? (
            <button type="button" className="button button--secondary portal-wide" disabled={busy !== null} onClick={() => void taken(selection)}>
              {t('neighbourPortal.selections.taken')}
            </button>
          ) : null}
        </div>
      ))}
    </section>
  );
}

/** A button that places a free request for the reader, and says where it will wait. */
function RequestButton({ view, recordId, title, onChanged, onStatus }: SectionProps & { recordId: string; title: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const requested = view.requests.some((request) => request.recordId === recordId);

  async function request() {
    setBusy(true);
    setProblem(null);
    try {
      const placed = await portalApi.request(view.reader.id, recordId);
      onStatus(t('neighbourPortal.find.requested', { title: isolate(placed.title), branch: isolate(placed.pickupBranchName) }));
      onChanged();
    } catch (error) {
      setProblem(error instanceof ApiError && error.code === 'already_requested' ? t('neighbourPortal.find.already') : describeError(error, t));
    } finally {
      setBusy(false);
    }
  }

  if (requested) return <p className="badge badge--ok">{t('neighbourPortal.find.isRequested')}</p>;
  return (
    <>
      <button type="button" className="button button--secondary" disabled={busy} onClick={() => void request()}>
        {t('neighbourPortal.find.request')}
        <TitleForScreenReaders title={title} />
      </button>
      <ErrorNotice message={problem} />
    </>
  );
}

function FindSection(props: SectionProps) {
  const { t } = useTranslation();
  const { view } = props;
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<TitleFound[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function search(event: FormEvent) {
    event.preventDefault();
    if (!q.trim()) return;
    setBusy(true);
    setProblem(null);
    try {
      setFound((await portalApi.findTitles(q.trim())).items);
      focusSoon('find-results');
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby="find-heading">
      <h2 id="find-heading">{t('neighbourPortal.find.heading')}</h2>
      <p className="section-intro">
        {view.pickupBranch
          ? t('neighbourPortal.find.intro', { branch: isolate(view.pickupBranch.name), name: isolate(view.reader.firstName) })
          : t('neighbourPortal.find.introNoBranch')}
      </p>
      <form className="form portal-form" role="search" aria-labelledby="find-heading" onSubmit={(e) => void search(e)}>
        <TextField id="find-q" type="search" label={t('neighbourPortal.find.label')} value={q} onValueChange={setQ} maxLength={200} />
        <SubmitButton busy={busy} busyLabel={t('neighbourPortal.find.busy')}>
          {t('neighbourPortal.find.search')}
        </SubmitButton>
      </form>
      <ErrorNotice message={problem} />
      {found !== null ? (
        <div>
          <h3 id="find-results" tabIndex={-1}>
            {t('neighbourPortal.find.results', { count: found.length })}
          </h3>
          <ul className="portal-books">
            {found.map((title) => (
              <BookCard key={title.id} book={title}>
                <p className="muted">
                  {t(`neighbourPortal.formats.${title.format}`)}
                  {title.publicationYear ? ` · ${title.publicationYear}` : ''}
                </p>
                <RequestButton {...props} recordId={title.id} title={title.title} />
              </BookCard>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function SuggestionsSection(props: SectionProps) {
  const { t } = useTranslation();
  const { view } = props;
  const [suggestions, reload] = useResource((signal) => portalApi.suggestions(view.reader.id, signal), [view.reader.id]);
  return (
    <section className="section" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">{t('neighbourPortal.suggestions.heading')}</h2>
      <p className="section-intro">{t('neighbourPortal.suggestions.intro', { name: isolate(view.reader.firstName) })}</p>
      {suggestions.status === 'loading' ? <Loading /> : null}
      {suggestions.status === 'error' ? <PortalLoadError error={suggestions.error} onRetry={reload} /> : null}
      {suggestions.status === 'ready' && suggestions.data.items.length === 0 ? <p>{t('neighbourPortal.suggestions.none')}</p> : null}
      {suggestions.status === 'ready' && suggestions.data.items.length > 0 ? (
        <ul className="portal-books">
          {suggestions.data.items.map((item) => (
            <BookCard key={item.recordId} book={item}>
              {item.reasons.length > 0 ? (
                <p className="muted">
                  {item.reasons
                    .map((reason) =>
                      t(`neighbourPortal.suggestions.reasons.${reason.kind}`, {
                        value: reason.kind === 'format' ? t(`neighbourPortal.formats.${reason.value}`, { defaultValue: reason.value }) : isolate(reason.value),
                      }),
                    )
                    .join(t('common.listSeparator'))}
                </p>
              ) : null}
              <RequestButton {...props} recordId={item.recordId} title={item.title} />
            </BookCard>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function HistorySection({ view }: { view: ReaderView }) {
  const { t } = useTranslation();
  const history = view.history ?? [];
  return (
    <ListSection id="history-heading" heading={t('neighbourPortal.history.heading')} items={history} none={t('neighbourPortal.history.none')} listClassName="portal-plain-list">
      {(item) => (
        <li key={item.recordId}>
          <bdi className="portal-book__title">{item.title}</bdi> <Authors authors={item.authors} />
        </li>
      )}
    </ListSection>
  );
}

/** One reader, as much as they let this neighbour see: what to look for, loans, visits, requests. */
export function ReaderPage() {
  const { t } = useTranslation();
  const { readerId = '' } = useParams();
  const [view, reload] = useResource((signal) => portalApi.reader(readerId, signal), [readerId]);
  const [status, setStatus] = useState<string | null>(null);

  if (view.status !== 'ready') {
    return (
      <Page title={t('neighbourPortal.reader.loadingTitle')}>
        <p>
          <Link to="/neighbour">{t('neighbourPortal.reader.back')}</Link>
        </p>
        {view.status === 'loading' ? <Loading /> : <PortalLoadError error={view.error} onRetry={reload} />}
      </Page>
    );
  }
  const data = view.data;
  const props: SectionProps = { view: data, onChanged: reload, onStatus: setStatus };
  return (
    <Page title={data.reader.firstName}>
      <p>
        <Link to="/neighbour">{t('neighbourPortal.reader.back')}</Link>
      </p>
      <StatusMessage message={status} />
      {data.loans ? (
        <>
          <LookForSection view={data} />
          <LoansSection {...props} />
        </>
      ) : (
        <div className="notice notice--info">
          <p>{t('neighbourPortal.reader.loansPrivate', { name: isolate(data.reader.firstName) })}</p>
        </div>
      )}
      <VisitsSection view={data} />
      {data.selections.length > 0 ? <SelectionsSection {...props} /> : null}
      <RequestsSection view={data} />
      <FindSection {...props} />
      {data.allows.profile ? <SuggestionsSection {...props} /> : null}
      {data.history ? <HistorySection view={data} /> : null}
    </Page>
  );
}
