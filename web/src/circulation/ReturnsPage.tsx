import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Detail, Page } from '../platform/page';
import { TextField, StatusMessage } from '../platform/forms';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { circulationApi, type ReturnResult } from './api';
import { DeskAlert } from './DeskPage';
import { useMoney } from './money';
import { useScanQueue } from './scanQueue';

/** What was charged for a return, or what the Good Neighbour scheme waived instead. */
function useFineMessage() {
  const { t } = useTranslation();
  const money = useMoney();
  return (result: ReturnResult) => {
    if (result.fineCharged > 0) return t('circulation.returns.fine', { amount: money(result.fineCharged, result.currency) });
    if (result.fineWaivedByScheme > 0) return t('schemeLending.returnWaived', { amount: money(result.fineWaivedByScheme, result.currency) });
    return null;
  };
}

function RoutingSlip({ result }: { result: ReturnResult }) {
  const { t } = useTranslation();
  const { routing } = result;
  return (
    <section className={`slip slip--${routing.action}`} aria-labelledby="slip-title">
      <h2 id="slip-title">{t(`circulation.returns.slip.${routing.action}`)}</h2>
      <dl className="desk-facts">
        <Detail term={t('circulation.desk.title')}>
          <bdi>{result.loan.title}</bdi>
        </Detail>
        <Detail term={t('circulation.desk.barcode')}>
          <bdi>{result.loan.barcode}</bdi>
        </Detail>
        {routing.memberName ? (
          <Detail term={t('circulation.returns.slip.for')}>
            <bdi>{routing.memberName}</bdi>
          </Detail>
        ) : null}
        <Detail term={routing.action === 'transit' ? t('circulation.returns.slip.sendTo') : t('circulation.returns.slip.branch')}>
          <bdi>{routing.branch.name}</bdi>
        </Detail>
      </dl>
      {routing.action !== 'shelve' ? (
        <button type="button" className="button button--secondary no-print" onClick={() => window.print()}>
          {t('circulation.returns.print')}
        </button>
      ) : null}
    </section>
  );
}

/** Returns: scan a barcode and press Enter; the screen says what was charged and where the copy goes. */
export function ReturnsPage() {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const fineMessage = useFineMessage();
  const [barcode, setBarcode] = useState('');
  const [result, setResult] = useState<ReturnResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const scans = useScanQueue();

  const returnItem = async (itemBarcode: string) => {
    setProblem(null);
    try {
      const returned = await circulationApi.return(itemBarcode);
      setResult(returned);
      setStatus(
        [
          t('circulation.returns.returned', { title: returned.loan.title }),
          fineMessage(returned),
          t(`circulation.returns.slip.${returned.routing.action}`),
        ]
          .filter(Boolean)
          .join(' '),
      );
    } catch (error) {
      setProblem(t('circulation.desk.scanProblem', { barcode: itemBarcode, problem: describeError(error, t) }));
    }
  };

  const submit = scans.submitScan(barcode, () => setBarcode(''), field, returnItem);

  return (
    <Page title={t('circulation.returns.pageTitle')} intro={t('circulation.returns.intro')}>
      <DeskAlert message={problem} />
      <StatusMessage message={status} />
      <form className="desk-scan no-print" onSubmit={submit} aria-label={t('circulation.returns.form')} aria-busy={scans.working}>
        <TextField id="return-item" ref={field} label={t('circulation.desk.itemLabel')} value={barcode} onValueChange={setBarcode} autoComplete="off" autoFocus />
        <button type="submit" className="button">
          {t('circulation.returns.submit')}
        </button>
      </form>
      {result ? (
        <>
          <p className="desk-fine">{fineMessage(result) ?? t('circulation.returns.noFine')}</p>
          {result.loan.misplacedAtHomeOn ? (
            <p>
              <span className="badge badge--ok">{t('schemeLending.foundBadge')}</span> {t('schemeLending.returnFound', { date: date(result.loan.misplacedAtHomeOn) })}
            </p>
          ) : null}
          <RoutingSlip result={result} />
        </>
      ) : null}
    </Page>
  );
}
