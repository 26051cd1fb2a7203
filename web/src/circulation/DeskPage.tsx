import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Detail, focusSoon, Page } from '../platform/page';
import { TextField, StatusMessage } from '../platform/forms';
import { describeError } from '../platform/errors';
import { TableRegion } from '../platform/tables';
import { useFormatters } from '../platform/format';
import { useScanQueue } from './scanQueue';
import { circulationApi, type DeskMember, type Loan } from './api';
import { useMoney } from './money';
import { useWorkingBranch, WorkingBranchField } from './WorkingBranch';
import { CollectedByField, SchemeBanner, collectorOf, lookUpScheme, type SchemeReader } from '../good-neighbour/DeskScheme';
import type { DeskLookup } from '../good-neighbour/api';

/** Where desk problems are announced: always in the page, so screen readers hear what is put in it. */
export function DeskAlert({ message }: { message: string | null }) {
  return (
    <div className={message ? 'notice notice--error desk-alert' : 'desk-alert desk-alert--empty'} role="alert">
      {message}
    </div>
  );
}

function MemberSummary({ seen, onFinish }: { seen: DeskMember; onFinish(): void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const { date } = useFormatters();
  return (
    <section className="desk-member" aria-labelledby="desk-member-name">
      <div className="desk-member__head">
        <h2 id="desk-member-name">
          <bdi>{seen.member.name}</bdi>
        </h2>
        <button type="button" className="button button--secondary" aria-keyshortcuts="Escape" onClick={onFinish}>
          {t('circulation.desk.finish')}
          <span className="visually-hidden"> {seen.member.name}</span>
        </button>
      </div>
      <dl className="desk-facts">
        <Detail term={t('circulation.desk.card')}>
          <bdi>{seen.member.cardNumber}</bdi>
        </Detail>
        <Detail term={t('circulation.desk.status')}>{t(`circulation.memberStatus.${seen.member.status}`)}</Detail>
        <Detail term={t('circulation.desk.balance')}>{money(seen.balancePence, seen.currency)}</Detail>
        {seen.member.expiresOn ? (
          <Detail term={t('circulation.desk.expires')}>{date(seen.member.expiresOn)}</Detail>
        ) : null}
      </dl>
      {seen.blocks.length > 0 ? (
        <div className="notice notice--error desk-blocks">
          <h3>{t('circulation.desk.blocksTitle')}</h3>
          <ul>
            {seen.blocks.map((block) => (
              <li key={block}>
                {t(`circulation.blocks.${block}`, { limit: money(seen.fineBlockPence, seen.currency) })}
                {block === 'member_blocked' && seen.member.blockedReason ? <> — <bdi>{seen.member.blockedReason}</bdi></> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function LoansTable({ loans, onRenew, busyId }: { loans: DeskMember['loans']; onRenew(loan: Loan): void; busyId: string | null }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  if (loans.length === 0) return <p>{t('circulation.desk.noLoans')}</p>;
  return (
    <TableRegion label={t('circulation.desk.loansTitle')}>
      <table>
        <caption>{t('circulation.desk.loansTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('circulation.desk.title')}</th>
            <th scope="col">{t('circulation.desk.barcode')}</th>
            <th scope="col">{t('circulation.desk.due')}</th>
            <th scope="col">{t('circulation.desk.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {loans.map((loan) => (
            <tr key={loan.id}>
              <td>
                <bdi>{loan.title}</bdi>
                {loan.onBehalfOf ? (
                  <span className="desk-note"> {t('circulation.desk.collectedBy', { name: loan.onBehalfOf })}</span>
                ) : null}
              </td>
              <td>
                <bdi>{loan.barcode}</bdi>
              </td>
              <td>
                {date(loan.dueDate)}
                {loan.overdue ? <strong className="desk-overdue"> {t('circulation.desk.overdue')}</strong> : null}
              </td>
              <td>
                <button type="button" className="button button--secondary" disabled={busyId === loan.id} onClick={() => onRenew(loan)}>
                  {t('circulation.desk.renew')}
                  <span className="visually-hidden"> {loan.title}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** The issue desk, made for a barcode scanner: scan a card, then scan items; each Enter issues. */
export function DeskPage() {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const [card, setCard] = useState('');
  const [barcode, setBarcode] = useState('');
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const [seen, setSeen] = useState<DeskMember | null>(null);
  // A Good Neighbour's card opens the ticket of the reader they collect for, not their own.
  const [scheme, setScheme] = useState<DeskLookup | null>(null);
  const [issued, setIssued] = useState<Loan[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [renewing, setRenewing] = useState<string | null>(null);
  const itemField = useRef<HTMLInputElement>(null);
  const cardField = useRef<HTMLInputElement>(null);
  // The card last looked up: the field is emptied for the next person once it is found.
  const scannedCard = useRef('');
  const scans = useScanQueue();
  const working = useWorkingBranch();

  // What queued scans act on: the ticket and collector as the scans before them left them, which
  // React state only shows after the next render.
  const ticket = useRef<string | null>(null);
  const ticketName = useRef<string | null>(null);
  const collector = useRef('');
  const showTicket = (found: DeskMember | null) => {
    ticket.current = found?.member.cardNumber ?? null;
    ticketName.current = found?.member.name ?? null;
    setSeen(found);
  };
  const chooseCollector = (name: string) => {
    collector.current = name;
    setOnBehalfOf(name);
  };

  const refresh = async (cardNumber: string) => showTicket(await circulationApi.member(cardNumber));

  const openTicket = async (cardNumber: string, lookup: DeskLookup | null, reader: SchemeReader | undefined) => {
    const found = await circulationApi.member(cardNumber);
    showTicket(found);
    chooseCollector(lookup && reader ? collectorOf(lookup, reader) : '');
    setStatus(
      lookup?.match === 'neighbour' && reader
        ? t('goodNeighbour.desk.lendingFor', { reader: found.member.name, neighbour: lookup.neighbour?.name ?? '' })
        : t('circulation.desk.memberLoaded', { name: found.member.name }),
    );
    focusSoon('desk-item');
  };

  /** Card scans wait their turn behind item scans, so each item goes to the ticket open when it was scanned. */
  const inTurn = (work: () => Promise<void>) =>
    scans.enqueue(async () => {
      setBusy(true);
      setProblem(null);
      setIssued([]);
      try {
        await work();
      } catch (error) {
        showTicket(null);
        setProblem(describeError(error, t));
        // The card stays in the field, selected, so the next scan replaces it.
        requestAnimationFrame(() => cardField.current?.select());
      } finally {
        setBusy(false);
      }
    });

  /** Empties the card field once its card is found, unless staff have begun typing another. */
  const clearCard = (cardNumber: string) => setCard((current) => (current.trim() === cardNumber ? '' : current));

  /** Done with this person: the desk is empty and waits for the next card. Queued, so scans already made go to this member first. */
  const finish = () =>
    scans.enqueue(async () => {
      const name = ticketName.current;
      showTicket(null);
      setScheme(null);
      setIssued([]);
      chooseCollector('');
      setProblem(null);
      setCard('');
      setStatus(name ? t('circulation.desk.finished', { name }) : null);
      focusSoon('desk-card');
    });

  // Esc finishes from anywhere on the desk, as the Finish button does.
  useEffect(() => {
    if (!seen && !scheme) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      finish();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  });

  const loadMember = (event: FormEvent) => {
    event.preventDefault();
    const cardNumber = card.trim();
    if (!cardNumber) return;
    scannedCard.current = cardNumber;
    inTurn(async () => {
      const lookup = await lookUpScheme(cardNumber);
      setScheme(lookup.match === 'none' ? null : lookup);
      if (lookup.match === 'neighbour' && lookup.readers.length !== 1) {
        showTicket(null);
        clearCard(cardNumber);
        setStatus(t('goodNeighbour.desk.chooseReader', { name: lookup.neighbour?.name ?? '' }));
        focusSoon('gn-desk-banner-heading');
        return;
      }
      await openTicket(lookup.readers[0]?.cardNumber ?? cardNumber, lookup, lookup.readers[0]);
      clearCard(cardNumber);
    });
  };

  const switchTicket = (cardNumber: string, lookup: DeskLookup | null, reader: SchemeReader | undefined) =>
    inTurn(async () => {
      if (!lookup) setScheme(null);
      await openTicket(cardNumber, lookup, reader);
    });

  const issueItem = async (itemBarcode: string) => {
    const cardNumber = ticket.current;
    const onBehalfOf = collector.current.trim();
    if (!cardNumber) {
      setProblem(t('circulation.desk.scanProblem', { barcode: itemBarcode, problem: t('circulation.desk.noMember') }));
      return;
    }
    setProblem(null);
    try {
      const loan = await circulationApi.issue({ cardNumber, itemBarcode, ...(onBehalfOf && { onBehalfOf }), ...(working.branch && { branchId: working.branch.id }) });
      setIssued((list) => [loan, ...list]);
      setStatus(t('circulation.desk.issued', { title: loan.title, date: date(loan.dueDate) }));
      await refresh(cardNumber);
    } catch (error) {
      setProblem(t('circulation.desk.scanProblem', { barcode: itemBarcode, problem: describeError(error, t) }));
    }
  };

  const issue = scans.submitScan(barcode, () => setBarcode(''), itemField, issueItem);

  const renew = async (loan: Loan) => {
    if (!seen) return;
    setRenewing(loan.id);
    setProblem(null);
    try {
      const renewed = await circulationApi.renew(loan.id);
      setStatus(t('circulation.desk.renewed', { title: renewed.title, date: date(renewed.dueDate) }));
      await refresh(seen.member.cardNumber);
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setRenewing(null);
    }
  };

  const schemeReader = seen ? scheme?.readers.find((r) => r.readerId === seen.member.id) : undefined;

  return (
    <Page title={t('circulation.desk.pageTitle')} intro={t('circulation.desk.intro')}>
      <DeskAlert message={problem} />
      <StatusMessage message={status} />
      <WorkingBranchField working={working} />
      <form className="desk-scan" onSubmit={loadMember} aria-label={t('circulation.desk.cardForm')} aria-busy={busy}>
        <TextField
          id="desk-card"
          ref={cardField}
          label={t('circulation.desk.cardLabel')}
          value={card}
          onValueChange={setCard}
          onFocus={(event) => event.currentTarget.select()}
          autoComplete="off"
          autoFocus
          inputMode="text"
        />
        <button type="submit" className="button button--secondary">
          {t('circulation.desk.findMember')}
        </button>
      </form>
      {scheme ? (
        <SchemeBanner
          lookup={scheme}
          readerId={seen?.member.id ?? null}
          busy={busy}
          onChooseReader={(reader) => switchTicket(reader.cardNumber, scheme, reader)}
          onOwnCard={() => switchTicket(scannedCard.current, null, undefined)}
        />
      ) : null}
      {seen ? (
        <>
          <MemberSummary seen={seen} onFinish={finish} />
          <form className="desk-scan" onSubmit={issue} aria-label={t('circulation.desk.itemForm')} aria-busy={scans.working}>
            <TextField id="desk-item" ref={itemField} label={t('circulation.desk.itemLabel')} hint={t('circulation.desk.itemHint')} value={barcode} onValueChange={setBarcode} autoComplete="off" />
            {schemeReader ? (
              <CollectedByField key={schemeReader.readerId} reader={schemeReader} value={onBehalfOf} onChange={chooseCollector} />
            ) : (
              <TextField id="desk-on-behalf" label={t('circulation.desk.onBehalfLabel')} optional value={onBehalfOf} onValueChange={chooseCollector} autoComplete="off" />
            )}
            <button type="submit" className="button">
              {t('circulation.desk.issue')}
            </button>
          </form>
          {issued.length > 0 ? (
            <section aria-labelledby="desk-issued-title">
              <h2 id="desk-issued-title">{t('circulation.desk.issuedTitle', { count: issued.length })}</h2>
              <ul className="desk-issued">
                {issued.map((loan) => (
                  <li key={loan.id}>
                    <bdi>{loan.title}</bdi> — {t('circulation.desk.dueOn', { date: date(loan.dueDate) })}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <h2>{t('circulation.desk.loansTitle')}</h2>
          <LoansTable loans={seen.loans} onRenew={(loan) => void renew(loan)} busyId={renewing} />
        </>
      ) : null}
    </Page>
  );
}
