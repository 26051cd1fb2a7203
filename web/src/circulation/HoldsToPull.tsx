import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../platform/format';
import { useResource } from '../platform/resource';
import { LoadedTable } from '../platform/tables';
import { circulationApi, type HoldToPull } from './api';
import { TitleAndAuthors } from './parts';

function PullList({ branchId, refreshKey }: { branchId: string; refreshKey: number }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const [list, reload] = useResource((signal) => circulationApi.holdsToPull(branchId, signal), [branchId, refreshKey]);
  return (
    <LoadedTable<HoldToPull>
      resource={list}
      onRetry={reload}
      empty={t('circulation.holdsToPull.empty')}
      caption={t('circulation.holdsToPull.caption')}
      columns={[t('circulation.desk.title'), t('circulation.holdsToPull.copies'), t('circulation.holdsToPull.waiting'), t('circulation.holdsToPull.oldest'), t('circulation.holdsToPull.pickup')]}
      rows={(items) =>
        items.map((hold) => (
          <tr key={hold.recordId}>
            <td>
              <TitleAndAuthors loan={hold} />
            </td>
            <td>
              <ul className="holds-to-pull__copies">
                {hold.copies.map((copy) => (
                  <li key={copy.id}>
                    <bdi>{copy.barcode}</bdi>
                    {copy.shelfLocation ? (
                      <>
                        {' '}
                        (<bdi>{copy.shelfLocation}</bdi>)
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </td>
            <td>{hold.waiting}</td>
            <td>{date(hold.oldestPlacedAt)}</td>
            <td>
              <bdi>{hold.pickupBranch.name}</bdi>
            </td>
          </tr>
        ))
      }
    />
  );
}

/**
 * Copies on this branch's shelf that waiting requests want, oldest request first: staff pull them
 * and scan each at returns, which sets it aside for its request. Loaded when asked for and again
 * after each scan, so what has been pulled drops off the list.
 */
export function HoldsToPull({ branchId, refreshKey }: { branchId: string | null; refreshKey: number }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <section className="holds-to-pull no-print" aria-labelledby="holds-to-pull-title">
      <h2 id="holds-to-pull-title">{t('circulation.holdsToPull.title')}</h2>
      <p>{t('circulation.holdsToPull.intro')}</p>
      {shown && branchId ? (
        <PullList branchId={branchId} refreshKey={refreshKey} />
      ) : (
        <button type="button" className="button button--secondary" onClick={() => setShown(true)} disabled={!branchId}>
          {t('circulation.holdsToPull.show')}
        </button>
      )}
    </section>
  );
}
