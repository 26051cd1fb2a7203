import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../platform/api';
import { can, useAuth } from '../platform/auth';
import { useConfirm } from '../platform/confirm';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { StatusMessage } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice } from '../platform/notices';
import { focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { LoadedTable } from '../platform/tables';
import type { Member } from '../members/api';
import { circulationApi, type HoldRequest, type Loan } from './api';
import { MemberCharges } from './MemberCharges';
import { useMoney } from './money';
import { DueDate, TitleAndAuthors } from './parts';
import { ReadingHistorySection } from './ReadingHistory';
import { LoanSchemeNotes, MisplacedButtons, schemeRefusal } from './SchemeLending';

interface SectionProps {
  member: Member;
  onStatus(message: string): void;
}

/** The member's lending on their page: loans, requests, charges and, when they keep one, their reading history. */
export function MemberLending({ member }: { member: Member }) {
  const { user } = useAuth();
  const [status, setStatus] = useState<string | null>(null);
  const [chargesVersion, setChargesVersion] = useState(0);
  if (!user || !can.useDesk(user.role)) return null;
  return (
    <>
      <StatusMessage message={status} />
      <LoansSection member={member} onStatus={setStatus} onCharged={() => setChargesVersion((v) => v + 1)} />
      <RequestsSection member={member} onStatus={setStatus} />
      <MemberCharges member={member} version={chargesVersion} onStatus={setStatus} />
      <ReadingHistorySection member={member} />
    </>
  );
}

const RENEWAL_REFUSALS = ['requested_by_another', 'renewal_limit_reached', 'overdue_too_long', 'member_blocked', 'member_expired'] as const;
type RenewalRefusal = (typeof RENEWAL_REFUSALS)[number];
const isRenewalRefusal = (code: string): code is RenewalRefusal => (RENEWAL_REFUSALS as readonly string[]).includes(code);

/** Why a renewal was refused, in the reader's language where the code is known, else as the server put it. */
function refusalReason(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && isRenewalRefusal(error.code)) return t(`memberLending.loans.refusal.${error.code}`);
  return describeError(error, t);
}

function LoansSection({ member, onStatus, onCharged }: SectionProps & { onCharged(): void }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const money = useMoney();
  const [loans, reload] = useResource((signal) => circulationApi.memberLoans(member.id, signal), [member.id]);
  const [standing] = useResource((signal) => circulationApi.schemeStanding(member.id, signal), [member.id]);
  const [currency] = useResource((signal) => circulationApi.currency(signal), []);
  const [renewing, setRenewing] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const scheme = standing.status === 'ready' ? standing.data : null;
  const currencyCode = currency.status === 'ready' ? currency.data.currency : null;

  async function renew(loan: Loan) {
    setRenewing(loan.id);
    setRefusal(null);
    try {
      const renewed = await circulationApi.renew(loan.id);
      const values = { title: isolate(renewed.title), date: date(renewed.dueDate) };
      if (renewed.fineWaivedByScheme > 0 && currencyCode) {
        onStatus(t('schemeLending.renewedWaived', { ...values, amount: money(renewed.fineWaivedByScheme, currencyCode) }));
      } else {
        onStatus(t(renewed.fineCharged > 0 ? 'memberLending.loans.renewedWithFine' : 'memberLending.loans.renewed', values));
      }
      if (renewed.fineCharged > 0) onCharged();
      reload();
    } catch (error) {
      setRefusal(t('memberLending.loans.notRenewed', { title: isolate(loan.title), reason: refusalReason(error, t) }));
    } finally {
      setRenewing(null);
      focusSoon(`renew-${loan.id}`);
    }
  }

  /** Marks, clears or writes off a misplaced copy, then says what happened and where focus went. */
  async function changeMisplaced(loan: Loan, action: () => Promise<unknown>, message: 'schemeLending.marked' | 'schemeLending.cleared' | 'schemeLending.writtenOff', focusId: string) {
    setRenewing(loan.id);
    setRefusal(null);
    try {
      await action();
      onStatus(t(message, { title: isolate(loan.title) }));
      reload();
    } catch (error) {
      setRefusal(t('schemeLending.notChanged', { title: isolate(loan.title), reason: schemeRefusal(error, t) }));
    } finally {
      setRenewing(null);
      focusSoon(focusId);
    }
  }

  async function writeOff(loan: Loan) {
    const values = { title: isolate(loan.title), name: isolate(member.name) };
    const ok = await confirm({
      title: t('schemeLending.writeOffTitle', values),
      body: <p>{t('schemeLending.writeOffBody', values)}</p>,
      confirmLabel: t('schemeLending.writeOff'),
      destructive: true,
    });
    if (ok) await changeMisplaced(loan, () => circulationApi.writeOff(loan.id), 'schemeLending.writtenOff', 'member-loans-heading');
  }

  return (
    <section className="section" aria-labelledby="member-loans-heading">
      <h2 id="member-loans-heading" tabIndex={-1}>
        {t('memberLending.loans.heading')}
      </h2>
      <ErrorNotice message={refusal} />
      <LoadedTable
        resource={loans}
        onRetry={reload}
        empty={t('memberLending.loans.none')}
        caption={t('memberLending.loans.caption', { name: isolate(member.name) })}
        columns={[t('memberLending.columns.title'), t('memberLending.columns.barcode'), t('memberLending.columns.due'), t('memberLending.columns.renewals'), t('memberLending.columns.collectedBy'), t('memberLending.columns.actions')]}
        rows={(items) => (
          <>
              {items.map((loan) => (
                <tr key={loan.id}>
                  <td>
                    <TitleAndAuthors loan={loan} />
                  </td>
                  <td>
                    <bdi>{loan.barcode}</bdi>
                  </td>
                  <td>
                    <DueDate loan={loan} overdueLabel={t('memberLending.loans.overdue')} />
                    <LoanSchemeNotes loan={loan} currency={currencyCode} standing={scheme} />
                  </td>
                  <td>{loan.renewals}</td>
                  <td>{loan.onBehalfOf ? <bdi>{loan.onBehalfOf}</bdi> : '—'}</td>
                  <td>
                    <div className="inline-control">
                      <button type="button" id={`renew-${loan.id}`} className="button button--secondary" disabled={renewing === loan.id} onClick={() => void renew(loan)}>
                        {t('memberLending.loans.renew')}
                        <span className="visually-hidden"> {loan.title}</span>
                      </button>
                      <MisplacedButtons
                        loan={loan}
                        onScheme={scheme?.status === 'active'}
                        busy={renewing === loan.id}
                        onMark={() => void changeMisplaced(loan, () => circulationApi.markMisplaced(loan.id), 'schemeLending.marked', `renew-${loan.id}`)}
                        onFound={() => void changeMisplaced(loan, () => circulationApi.clearMisplaced(loan.id), 'schemeLending.cleared', `renew-${loan.id}`)}
                        onWriteOff={() => void writeOff(loan)}
                      />
                    </div>
                  </td>
                </tr>
              ))}
          </>
        )}
      />
      {dialog}
    </section>
  );
}

function RequestStatus({ request }: { request: HoldRequest }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  if (request.status === 'ready' && request.holdUntil) return <>{t('memberLending.requests.readyUntil', { date: date(request.holdUntil) })}</>;
  return <>{t(`memberLending.requests.status.${request.status}`)}</>;
}

function RequestsSection({ member, onStatus }: SectionProps) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const [requests, reload, update] = useResource((signal) => circulationApi.memberRequests(member.id, signal), [member.id]);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();

  async function cancel(request: HoldRequest) {
    const ok = await confirm({
      title: t('memberLending.requests.confirmTitle', { title: isolate(request.title) }),
      body: <p>{t('memberLending.requests.confirmBody')}</p>,
      confirmLabel: t('memberLending.requests.cancel'),
      destructive: true,
    });
    if (!ok) return;
    setProblem(null);
    try {
      await circulationApi.cancelRequest(request.id);
      update((current) => ({ items: current.items.filter((r) => r.id !== request.id) }));
      onStatus(t('memberLending.requests.cancelled', { title: isolate(request.title) }));
      focusSoon('member-requests-heading');
      reload();
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  return (
    <section className="section" aria-labelledby="member-requests-heading">
      <h2 id="member-requests-heading" tabIndex={-1}>
        {t('memberLending.requests.heading')}
      </h2>
      <ErrorNotice message={problem} />
      <LoadedTable
        resource={requests}
        onRetry={reload}
        empty={t('memberLending.requests.none')}
        caption={t('memberLending.requests.caption', { name: isolate(member.name) })}
        columns={[t('memberLending.columns.title'), t('memberLending.columns.position'), t('memberLending.columns.pickup'), t('memberLending.columns.status'), t('memberLending.columns.expires'), t('memberLending.columns.actions')]}
        rows={(items) => (
          <>
              {items.map((request) => (
                <tr key={request.id}>
                  <td>
                    <bdi>{request.title}</bdi>
                    {request.onBehalfOf ? <span className="muted"> {t('schemeLending.askedBy', { name: isolate(request.onBehalfOf) })}</span> : null}
                  </td>
                  <td>{request.position ?? '—'}</td>
                  <td>
                    <bdi>{request.pickupBranchName}</bdi>
                  </td>
                  <td>
                    <RequestStatus request={request} />
                  </td>
                  {/* A ready copy waits until its hold-shelf date instead, shown with the status. */}
                  <td>{request.status === 'waiting' && request.expiresOn ? date(request.expiresOn) : '—'}</td>
                  <td>
                    <button type="button" className="button button--secondary" onClick={() => void cancel(request)}>
                      {t('memberLending.requests.cancel')}
                      <span className="visually-hidden"> {request.title}</span>
                    </button>
                  </td>
                </tr>
              ))}
          </>
        )}
      />
      {dialog}
    </section>
  );
}
