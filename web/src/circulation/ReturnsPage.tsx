import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Detail, focusSoon, Page } from '../platform/page';
import { CheckboxField, TextField, StatusMessage } from '../platform/forms';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { circulationApi, type ReturnInput, type ReturnResult } from './api';
import { DeskAlert } from './DeskPage';
import { HoldsToPull } from './HoldsToPull';
import { useMoney } from './money';
import { useScanQueue } from './scanQueue';
import { useWorkingBranch, WorkingBranchField } from './WorkingBranch';

/** What was charged for a return, or what the Good Neighbour scheme waived instead, or what a found copy gave back. */
function useMoneyMessage() {
  const { t } = useTranslation();
  const money = useMoney();
  return (result: ReturnResult) => {
    const amount = (pence: number) => money(pence, result.currency);
    if (result.fineCharged > 0 && result.fineWaived > 0) return t('circulation.returns.fineWaived', { amount: amount(result.fineWaived) });
    if (result.fineCharged > 0) return t('circulation.returns.fine', { amount: amount(result.fineCharged) });
    if (result.fineWaivedByScheme > 0) return t('schemeLending.returnWaived', { amount: amount(result.fineWaivedByScheme) });
    const found = [
      result.replacementWaived > 0 ? t('circulation.returns.replacementWaived', { amount: amount(result.replacementWaived) }) : null,
      result.replacementRefunded > 0 ? t('circulation.returns.replacementRefunded', { amount: amount(result.replacementRefunded) }) : null,
    ].filter(Boolean);
    return found.length > 0 ? found.join(' ') : null;
  };
}

function RoutingSlip({ result }: { result: ReturnResult }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const { routing, slip, item } = result;
  return (
    <section className={`slip slip--${routing.action} print-alone`} aria-labelledby="slip-title">
      <h2 id="slip-title">{t(`circulation.returns.slip.${routing.action}`)}</h2>
      <dl className="desk-facts">
        <Detail term={t('circulation.desk.title')}>
          <bdi>{item.title}</bdi>
        </Detail>
        <Detail term={t('circulation.desk.barcode')}>
          <bdi>{item.barcode}</bdi>
        </Detail>
        {routing.action === 'hold_shelf' ? (
          <>
            {slip.memberInitials !== null || slip.cardNumberEnd !== null ? (
              <Detail term={t('circulation.returns.slip.for')}>
                <bdi>{t('circulation.returns.slip.member', { initials: slip.memberInitials ?? '', card: slip.cardNumberEnd ?? '' })}</bdi>
              </Detail>
            ) : null}
            {slip.holdUntil ? <Detail term={t('circulation.returns.slip.holdUntil')}>{date(slip.holdUntil)}</Detail> : null}
            <Detail term={t('circulation.returns.slip.pickup')}>
              <bdi>{routing.branch.name}</bdi>
            </Detail>
          </>
        ) : routing.action === 'transit' ? (
          <>
            <Detail term={t('circulation.returns.slip.from')}>
              <bdi>{slip.from.name}</bdi>
            </Detail>
            <Detail term={t('circulation.returns.slip.sendTo')}>
              <bdi>{routing.branch.name}</bdi>
            </Detail>
          </>
        ) : (
          <Detail term={t('circulation.returns.slip.branch')}>
            <bdi>{routing.branch.name}</bdi>
          </Detail>
        )}
      </dl>
      {routing.action !== 'shelve' ? (
        <button type="button" className="button button--secondary no-print" onClick={() => window.print()}>
          {t('circulation.returns.print')}
        </button>
      ) : null}
    </section>
  );
}

/**
 * Returns: scan whatever is handed in and press Enter. A copy on loan is returned, one in transit
 * here is received, one marked lost or missing is found, one from the shelf is set aside for a
 * request; the screen says what was charged and the slip where the copy goes.
 */
export function ReturnsPage() {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const moneyMessage = useMoneyMessage();
  const working = useWorkingBranch();
  const [barcode, setBarcode] = useState('');
  const [waive, setWaive] = useState(false);
  const [waiveReason, setWaiveReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [result, setResult] = useState<ReturnResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [scanned, setScanned] = useState(0);
  const field = useRef<HTMLInputElement>(null);
  const scans = useScanQueue();

  const checkIn = async (input: ReturnInput) => {
    setProblem(null);
    try {
      const returned = await circulationApi.return(input);
      setResult(returned);
      setStatus(
        [t(`circulation.returns.checkIn.${returned.checkIn}`, { title: returned.item.title }), moneyMessage(returned), t(`circulation.returns.slip.${returned.routing.action}`)]
          .filter(Boolean)
          .join(' '),
      );
      setScanned((count) => count + 1);
    } catch (error) {
      setProblem(t('circulation.desk.scanProblem', { barcode: input.itemBarcode, problem: describeError(error, t) }));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!barcode.trim()) return;
    if (waive && !waiveReason.trim()) {
      setReasonError(t('circulation.returns.waiveReasonRequired'));
      focusSoon('return-waive-reason');
      return;
    }
    setReasonError(undefined);
    // A waiver is for the one return it was ticked for, never carried on to the next scan.
    const waiver = waive ? { waiveFine: true, waiveReason: waiveReason.trim() } : {};
    setWaive(false);
    setWaiveReason('');
    const branchId = working.branch?.id;
    scans.submitScan(barcode, () => setBarcode(''), field, (itemBarcode) => checkIn({ itemBarcode, ...(branchId && { branchId }), ...waiver }))(event);
  };

  return (
    <Page title={t('circulation.returns.pageTitle')} intro={t('circulation.returns.intro')}>
      <DeskAlert message={problem} />
      <StatusMessage message={status} />
      <WorkingBranchField working={working} />
      <form className="desk-scan desk-scan--returns no-print" onSubmit={submit} aria-label={t('circulation.returns.form')} aria-busy={scans.working} noValidate>
        <TextField id="return-item" ref={field} label={t('circulation.desk.itemLabel')} value={barcode} onValueChange={setBarcode} autoComplete="off" autoFocus />
        <div className="desk-waive">
          <CheckboxField id="return-waive" label={t('circulation.returns.waive')} checked={waive} onCheckedChange={setWaive} />
          {waive ? (
            <TextField id="return-waive-reason" label={t('circulation.returns.waiveReason')} value={waiveReason} onValueChange={setWaiveReason} error={reasonError} required maxLength={500} autoComplete="off" />
          ) : null}
        </div>
        <button type="submit" className="button">
          {t('circulation.returns.submit')}
        </button>
      </form>
      {result ? (
        <div className="returns-result">
          <p className="desk-fine no-print">{moneyMessage(result) ?? t('circulation.returns.noFine')}</p>
          {result.loan?.misplacedAtHomeOn ? (
            <p className="no-print">
              <span className="badge badge--ok">{t('schemeLending.foundBadge')}</span> {t('schemeLending.returnFound', { date: date(result.loan.misplacedAtHomeOn) })}
            </p>
          ) : null}
          <RoutingSlip result={result} />
        </div>
      ) : null}
      <HoldsToPull branchId={working.branch?.id ?? null} refreshKey={scanned} />
    </Page>
  );
}
