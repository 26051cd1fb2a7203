import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../platform/confirm';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { SelectField, SubmitButton } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice } from '../platform/notices';
import { focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { LoadedTable } from '../platform/tables';
import { circulationApi } from '../circulation/api';
import { useMoney } from '../circulation/money';
import { DueDate, TitleAndAuthors } from '../circulation/parts';
import { outboxApi, type OutboxMessage } from '../mail/api';
import { OutboxStatusBadge } from '../mail/parts';
import { goodNeighbourApi, type SchemeLoan } from './api';
import { isServing } from './parts';
import type { SectionProps } from './ArrangementPage';

/** What the neighbour's warnings are filed under in the outbox. */
export const WARNING_KIND = 'good_neighbour_warning';

interface LoanButtonProps {
  label: string;
  loan: SchemeLoan;
  busy: boolean;
  destructive?: boolean;
  onClick(): void;
}

/** One action in a loan's row, named with the loan's title for screen readers. */
function LoanButton({ label, loan, busy, destructive, onClick }: LoanButtonProps) {
  return (
    <button type="button" className={`button ${destructive ? 'button--danger-outline' : 'button--secondary'} button--small`} disabled={busy} onClick={onClick}>
      {label}
      <span className="visually-hidden"> {loan.title}</span>
    </button>
  );
}

/** The reader's loans, with what has gone missing at home marked so that nobody is charged for it. */
export function ReaderLoansSection({ arrangement, onStatus }: SectionProps) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const money = useMoney();
  const readerId = arrangement.reader.id;
  const [loans, reload] = useResource((signal) => goodNeighbourApi.readerLoans(readerId, signal), [readerId]);
  const [currency] = useResource((signal) => circulationApi.currency(signal), []);
  const [marking, setMarking] = useState<SchemeLoan | null>(null);
  const [reportedBy, setReportedBy] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const reporters = [...arrangement.neighbours.filter(isServing).map((n) => ({ value: n.name, label: n.name })), { value: 'staff', label: t('goodNeighbour.loans.staff') }];
  const reporterName = (value: string | null) => (value === 'staff' ? t('goodNeighbour.loans.staff') : (value ?? ''));

  async function change(loan: SchemeLoan, action: () => Promise<unknown>, message: string, focusId: string) {
    setBusy(loan.id);
    setProblem(null);
    try {
      await action();
      onStatus(message);
      reload();
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setBusy(null);
      focusSoon(focusId);
    }
  }

  function startMarking(loan: SchemeLoan) {
    setMarking(loan);
    setReportedBy(reporters[0]?.value ?? 'staff');
    focusSoon('gn-misplaced-heading');
  }

  async function mark(event: FormEvent) {
    event.preventDefault();
    if (!marking) return;
    const loan = marking;
    setMarking(null);
    await change(loan, () => goodNeighbourApi.markMisplaced(loan.id, reportedBy), t('goodNeighbour.loans.marked', { title: isolate(loan.title) }), `gn-loan-actions-${loan.id}`);
  }

  async function writeOff(loan: SchemeLoan) {
    const values = { title: isolate(loan.title), name: isolate(arrangement.reader.name) };
    const ok = await confirm({ title: t('goodNeighbour.loans.writeOffTitle', values), body: <p>{t('goodNeighbour.loans.writeOffBody', values)}</p>, confirmLabel: t('goodNeighbour.loans.writeOff'), destructive: true });
    if (ok) await change(loan, () => goodNeighbourApi.writeOff(loan.id), t('goodNeighbour.loans.writtenOff', values), 'gn-loans-heading');
  }

  return (
    <section className="section" aria-labelledby="gn-loans-heading">
      <h2 id="gn-loans-heading" tabIndex={-1}>
        {t('goodNeighbour.loans.heading')}
      </h2>
      <ErrorNotice message={problem} />
      <LoadedTable
        resource={loans}
        onRetry={reload}
        empty={t('goodNeighbour.loans.none')}
        caption={t('goodNeighbour.loans.caption', { name: isolate(arrangement.reader.name) })}
        columns={[t('goodNeighbour.loans.columns.title'), t('goodNeighbour.loans.columns.due'), t('goodNeighbour.loans.columns.collectedBy'), t('goodNeighbour.loans.columns.atHome'), t('goodNeighbour.loans.columns.actions')]}
        rows={(items) => (
          <>
              {items.map((loan) => (
                <tr key={loan.id}>
                  <td>
                    <TitleAndAuthors loan={loan} />
                  </td>
                  <td>
                    <DueDate loan={loan} overdueLabel={t('goodNeighbour.loans.overdue')} />
                    {loan.fineWaivedByScheme > 0 && currency.status === 'ready' ? (
                      <span className="summary-list__note">{t('goodNeighbour.loans.fineForgiven', { amount: money(loan.fineWaivedByScheme, currency.data.currency) })}</span>
                    ) : null}
                  </td>
                  <td>{loan.onBehalfOf ? <bdi>{loan.onBehalfOf}</bdi> : '—'}</td>
                  <td>
                    {loan.misplacedAtHomeOn ? (
                      <>
                        <span className="badge badge--pending">{t('goodNeighbour.loans.misplaced')}</span>
                        <span className="summary-list__note">
                          {t('goodNeighbour.loans.misplacedSince', { date: date(loan.misplacedAtHomeOn), name: isolate(reporterName(loan.misplacedReportedBy)) })}
                        </span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <div className="inline-control" id={`gn-loan-actions-${loan.id}`} tabIndex={-1}>
                      <LoanButton label={t('goodNeighbour.loans.renew')} loan={loan} busy={busy === loan.id} onClick={() => void change(loan, () => circulationApi.renew(loan.id), t('goodNeighbour.loans.renewed', { title: isolate(loan.title) }), `gn-loan-actions-${loan.id}`)} />
                      {loan.misplacedAtHomeOn ? (
                        <>
                          <LoanButton label={t('goodNeighbour.loans.clear')} loan={loan} busy={busy === loan.id} onClick={() => void change(loan, () => goodNeighbourApi.clearMisplaced(loan.id), t('goodNeighbour.loans.cleared', { title: isolate(loan.title) }), `gn-loan-actions-${loan.id}`)} />
                          <LoanButton label={t('goodNeighbour.loans.writeOff')} loan={loan} busy={busy === loan.id} destructive onClick={() => void writeOff(loan)} />
                        </>
                      ) : arrangement.status === 'active' ? (
                        <LoanButton label={t('goodNeighbour.loans.mark')} loan={loan} busy={busy === loan.id} onClick={() => startMarking(loan)} />
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
          </>
        )}
      />
      {marking ? (
        <section className="card subsection" aria-labelledby="gn-misplaced-heading">
          <h3 id="gn-misplaced-heading" tabIndex={-1}>
            {t('goodNeighbour.loans.markHeading', { title: isolate(marking.title) })}
          </h3>
          <p>{t('goodNeighbour.loans.markIntro', { name: isolate(arrangement.reader.name), days: arrangement.writeOffAfterDays })}</p>
          <form className="form" noValidate onSubmit={(e) => void mark(e)} aria-labelledby="gn-misplaced-heading">
            <SelectField id="gn-misplaced-by" label={t('goodNeighbour.loans.reportedBy')} value={reportedBy} onValueChange={setReportedBy} options={reporters} />
            <div className="button-row">
              <SubmitButton busy={busy === marking.id}>{t('goodNeighbour.loans.markSubmit')}</SubmitButton>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  const id = marking.id;
                  setMarking(null);
                  focusSoon(`gn-loan-actions-${id}`);
                }}
              >
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </section>
      ) : null}
      {dialog}
    </section>
  );
}

/** Warnings emailed to the reader's neighbours, as the outbox holds them. */
export function NoticesSentSection({ arrangement }: SectionProps) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const recipients = [...new Map(arrangement.neighbours.filter((n) => n.email).map((n) => [n.email!.toLowerCase(), n])).values()];
  const key = recipients.map((n) => n.email).join(',');
  const [messages, reload] = useResource(
    async (signal) => {
      const pages = await Promise.all(recipients.map((n) => outboxApi.list({ kind: WARNING_KIND, to: n.email! }, null, signal)));
      return pages.flatMap((page) => page.items).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    [key],
  );
  const nameFor = (message: OutboxMessage) => recipients.find((n) => n.email!.toLowerCase() === message.to.toLowerCase())?.name ?? message.to;

  return (
    <section className="section" aria-labelledby="gn-notices-heading">
      <h2 id="gn-notices-heading">{t('goodNeighbour.notices.heading')}</h2>
      <p className="section-intro">{t('goodNeighbour.notices.intro')}</p>
      <LoadedTable
        resource={messages}
        onRetry={reload}
        empty={t('goodNeighbour.notices.none')}
        caption={t('goodNeighbour.notices.caption', { name: isolate(arrangement.reader.name) })}
        columns={[t('goodNeighbour.notices.columns.sent'), t('goodNeighbour.notices.columns.to'), t('goodNeighbour.notices.columns.subject'), t('goodNeighbour.notices.columns.status')]}
        rows={(items) => (
          <>
              {items.map((message) => (
                <tr key={message.id}>
                  <td>{dateTime(message.createdAt)}</td>
                  <td>
                    <bdi>{nameFor(message)}</bdi>
                  </td>
                  <td>
                    <Link to={`/outbox/${message.id}`}>
                      <bdi>{message.subject}</bdi>
                    </Link>
                  </td>
                  <td>
                    <OutboxStatusBadge status={message.status} />
                  </td>
                </tr>
              ))}
          </>
        )}
      />
    </section>
  );
}
