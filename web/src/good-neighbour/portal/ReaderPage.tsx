import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../platform/api';
import { describeError } from '../../platform/errors';
import { StatusMessage, SubmitButton, TextField } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { ErrorNotice, Loading } from '../../platform/notices';
import { focusSoon, Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { portalApi, type PortalLoan, type ReaderView, type RenewResult, type TitleFound } from './api';
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
    <section className="section" aria-labelledby="visits-heading">
      <h2 id="visits-heading">{t('neighbourPortal.visits.heading')}</h2>
      {view.visits.length === 0 ? (
        <p>{t('neighbourPortal.visits.none')}</p>
      ) : (
        <ul className="portal-dates">
          {view.visits.map((date) => (
            <li key={date}>
              <span className="portal-dates__date">{longDate(date)}</span> <span className="muted">{visitInWords(t, date, view.today)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function LookForSection({ view }: { view: ReaderView }) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  const items = view.toLookFor ?? [];
  return (
    <section className="section" aria-labelledby="look-for-heading">
      <h2 id="look-for-heading">{t('neighbourPortal.lookFor.heading')}</h2>
      <p className="section-intro">
        {view.nextVisit ? t('neighbourPortal.lookFor.intro', { date: longDate(view.nextVisit) }) : t('neighbourPortal.lookFor.introNoVisit')}
      </p>
      {items.length === 0 ? (
        <p>{t('neighbourPortal.lookFor.none')}</p>
      ) : (
        <ul className="portal-books">
          {items.map((loan) => (
            <li key={loan.id} className="portal-book">
              <Cover url={loan.coverUrl} format={loan.format} />
              <div className="portal-book__text">
                <p className="portal-book__title">
                  <bdi>{loan.title}</bdi>
                </p>
                <Authors authors={loan.authors} />
                <p className={`badge ${loan.why === 'due_before_visit' ? 'badge--pending' : 'badge--danger'} portal-book__why`}>
                  {loan.why === 'misplaced'
                    ? t('neighbourPortal.lookFor.misplaced', { date: longDate(loan.misplacedAtHomeOn ?? view.today) })
                    : t(`neighbourPortal.lookFor.${loan.why}`)}
                </p>
                <DueLine loan={loan} today={view.today} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
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
            <li key={loan.id} className="portal-book">
              <Cover url={loan.coverUrl} format={loan.format} />
              <div className="portal-book__text">
                <p className="portal-book__title">
                  <bdi>{loan.title}</bdi>
                </p>
                <Authors authors={loan.authors} />
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
                    <span className="visually-hidden">
                      {' '}
                      <bdi>{loan.title}</bdi>
                    </span>
                  </button>
                  <button type="button" id={`misplaced-${loan.id}`} className="button button--secondary" disabled={busy !== null} onClick={() => void mark(loan)}>
                    {loan.misplacedAtHomeOn ? t('neighbourPortal.loans.found') : t('neighbourPortal.loans.misplaced')}
                    <span className="visually-hidden">
                      {' '}
                      <bdi>{loan.title}</bdi>
                    </span>
                  </button>
                </div>
              </div>
            </li>
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
    <section className="section" aria-labelledby="requests-heading">
      <h2 id="requests-heading">{t('neighbourPortal.requests.heading')}</h2>
      {view.requests.length === 0 ? (
        <p>{t('neighbourPortal.requests.none')}</p>
      ) : (
        <ul className="portal-plain-list">
          {view.requests.map((request) => (
            <li key={request.id}>
              <bdi className="portal-book__title">{request.title}</bdi>
              <span className="muted">
                {request.status === 'ready'
                  ? request.holdUntil
                    ? t('neighbourPortal.requests.readyUntil', { branch: isolate(request.pickupBranchName), date: longDate(request.holdUntil) })
                    : t('neighbourPortal.requests.ready', { branch: isolate(request.pickupBranchName) })
                  : t('neighbourPortal.requests.waiting', { branch: isolate(request.pickupBranchName), count: request.position ?? 1 })}
              </span>
            </li>
          ))}
        </ul>
      )}
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
        <span className="visually-hidden">
          {' '}
          <bdi>{title}</bdi>
        </span>
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
              <li key={title.id} className="portal-book">
                <Cover url={title.coverUrl} format={title.format} />
                <div className="portal-book__text">
                  <p className="portal-book__title">
                    <bdi>{title.title}</bdi>
                  </p>
                  <Authors authors={title.authors} />
                  <p className="muted">
                    {t(`neighbourPortal.formats.${title.format}`)}
                    {title.publicationYear ? ` · ${title.publicationYear}` : ''}
                  </p>
                  <RequestButton {...props} recordId={title.id} title={title.title} />
                </div>
              </li>
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
            <li key={item.recordId} className="portal-book">
              <Cover url={item.coverUrl} format={item.format} />
              <div className="portal-book__text">
                <p className="portal-book__title">
                  <bdi>{item.title}</bdi>
                </p>
                <Authors authors={item.authors} />
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
              </div>
            </li>
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
    <section className="section" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('neighbourPortal.history.heading')}</h2>
      {history.length === 0 ? (
        <p>{t('neighbourPortal.history.none')}</p>
      ) : (
        <ul className="portal-plain-list">
          {history.map((item) => (
            <li key={item.recordId}>
              <bdi className="portal-book__title">{item.title}</bdi> <Authors authors={item.authors} />
            </li>
          ))}
        </ul>
      )}
    </section>
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
      <RequestsSection view={data} />
      <FindSection {...props} />
      {data.allows.profile ? <SuggestionsSection {...props} /> : null}
      {data.history ? <HistorySection view={data} /> : null}
    </Page>
  );
}
