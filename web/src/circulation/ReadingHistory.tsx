import { useTranslation } from 'react-i18next';
import { useFormatters } from '../platform/format';
import { StatusMessage } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { OlderEntries, useKeysetPages } from '../platform/paging';
import { TableRegion } from '../platform/tables';
import type { Member } from '../members/api';
import { circulationApi, type Loan } from './api';
import { TitleAndAuthors } from './parts';

/** Returned items, only for a member who has agreed to keep a reading history. */
export function ReadingHistorySection({ member }: { member: Member }) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="member-history-heading">
      <h2 id="member-history-heading">{t('memberLending.history.heading')}</h2>
      {member.keepsHistory ? <HistoryTable member={member} /> : <p>{t('memberLending.history.notKept', { name: isolate(member.name) })}</p>}
    </section>
  );
}

function HistoryTable({ member }: { member: Member }) {
  const { t } = useTranslation();
  const paging = useKeysetPages({
    key: member.id,
    fetchPage: (before: string | null, signal?: AbortSignal) => circulationApi.history(member.id, before, signal),
    rowId: (loan) => `history-${loan.id}`,
    loadedMessage: (count) => t('memberLending.history.loaded', { count }),
    olderButtonId: 'history-older',
  });
  const { first, reload, items, nextBefore, loadingMore, moreError, status } = paging;

  if (first.status === 'loading') return <Loading />;
  if (first.status === 'error') return <LoadError error={first.error} onRetry={reload} />;
  if (items.length === 0) return <p>{t('memberLending.history.none')}</p>;
  return (
    <>
      <StatusMessage message={status} />
      <TableRegion label={t('memberLending.history.caption', { name: isolate(member.name) })}>
        <table className="data-table">
          <caption>{t('memberLending.history.caption', { name: isolate(member.name) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('memberLending.columns.title')}</th>
              <th scope="col">{t('memberLending.columns.borrowed')}</th>
              <th scope="col">{t('memberLending.columns.returned')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((loan) => (
              <HistoryRow key={loan.id} loan={loan} />
            ))}
          </tbody>
        </table>
      </TableRegion>
      <OlderEntries
        id="history-older"
        hasMore={nextBefore !== null}
        isEmpty={items.length === 0}
        loading={loadingMore}
        error={moreError}
        label={t('memberLending.history.older')}
        endMessage={t('memberLending.history.end')}
        onLoad={() => void paging.loadOlder()}
      />
    </>
  );
}

function HistoryRow({ loan }: { loan: Loan }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  return (
    <tr id={`history-${loan.id}`} tabIndex={-1}>
      <td>
        <TitleAndAuthors loan={loan} />
      </td>
      <td>{date(loan.issuedAt)}</td>
      <td>
        {loan.returnedAt ? date(loan.returnedAt) : '—'}
        {loan.outcome && loan.outcome !== 'returned' ? (
          <span className="member-lending__note">{t(`memberLending.history.outcome.${loan.outcome}`)}</span>
        ) : null}
      </td>
    </tr>
  );
}
