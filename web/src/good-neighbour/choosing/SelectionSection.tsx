import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListResponse } from '../../platform/api';
import { useConfirm } from '../../platform/confirm';
import { useFormatters } from '../../platform/format';
import { isolate } from '../../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../../platform/notices';
import { focusSoon } from '../../platform/page';
import type { Resource } from '../../platform/resource';
import type { Arrangement } from '../api';
import { choosingApi, type Selection, type SelectionItem } from './api';
import { refusalReason } from './parts';

interface SelectionSectionProps {
  arrangement: Arrangement;
  selections: Resource<ListResponse<Selection>>;
  selection: Selection | null;
  /** The selection the neighbour took most recently, shown beneath the one being assembled. */
  lastCollected: Selection | null;
  onRetry(): void;
  onSelectionChanged(next: Selection, message: string): void;
}

function ItemStatus({ item }: { item: SelectionItem }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  if (item.requestStatus === 'ready' && item.holdUntil) return <span className="badge badge--ok">{t('choosing.selection.onHoldShelf', { date: date(item.holdUntil) })}</span>;
  if (item.requestStatus === 'waiting') return <span className="badge badge--pending">{t('choosing.selection.waiting')}</span>;
  return <span className="badge badge--muted">{t(`choosing.selection.request.${item.requestStatus ?? 'none'}`)}</span>;
}

/** What is set aside for the reader's next visit, with a way to take each title out again. */
/** Where and when a selection is collected. */
function CollectionLine({ selection }: { selection: Selection }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  return (
    <p>
      {selection.forVisit
        ? t('choosing.selection.forVisit', { date: date(selection.forVisit), branch: isolate(selection.pickupBranch.name) })
        : t('choosing.selection.noVisit', { branch: isolate(selection.pickupBranch.name) })}
    </p>
  );
}

/** The selection the neighbour took last: what it held and what became of each title. */
function CollectedSelection({ selection }: { selection: Selection }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <div className="card choosing-collected">
      <h3>{t('choosing.selection.collectedHeading', { when: dateTime(selection.collectedAt ?? selection.createdAt) })}</h3>
      <CollectionLine selection={selection} />
      <ul className="plain-list choosing-selected">
        {selection.items.map((item) => (
          <li key={item.recordId}>
            <div>
              <bdi className="choosing-selected__title">{item.title}</bdi>
              <ItemStatus item={item} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SelectionSection({ arrangement, selections, selection, lastCollected, onRetry, onSelectionChanged }: SelectionSectionProps) {
  const { t } = useTranslation();
  const [confirm, dialog] = useConfirm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const active = arrangement.status === 'active';

  async function change(work: () => Promise<Selection>, message: (next: Selection) => string, failure: (reason: string) => string) {
    setBusy(true);
    setProblem(null);
    try {
      const next = await work();
      onSelectionChanged(next, message(next));
    } catch (error) {
      setProblem(failure(refusalReason(error, t)));
    } finally {
      setBusy(false);
      focusSoon('choosing-selection-heading');
    }
  }

  const remove = (current: Selection, item: SelectionItem) =>
    change(
      () => choosingApi.removeItem(arrangement.id, current.id, item.recordId),
      () => t('choosing.selection.removed', { title: isolate(item.title) }),
      (reason) => t('choosing.selection.notRemoved', { title: isolate(item.title), reason }),
    );

  const markCollected = (current: Selection) =>
    change(
      () => choosingApi.markCollected(arrangement.id, current.id),
      () => t('choosing.selection.collected'),
      (reason) => t('choosing.selection.notCollected', { reason }),
    );

  async function cancel(current: Selection) {
    const ok = await confirm({
      title: t('choosing.selection.cancelTitle'),
      body: <p>{t('choosing.selection.cancelBody')}</p>,
      confirmLabel: t('choosing.selection.cancel'),
      destructive: true,
    });
    if (!ok) return;
    await change(
      () => choosingApi.cancelSelection(arrangement.id, current.id),
      () => t('choosing.selection.cancelled'),
      (reason) => t('choosing.selection.notCancelled', { reason }),
    );
  }

  return (
    <section className="section choosing-selection" aria-labelledby="choosing-selection-heading">
      <h2 id="choosing-selection-heading" tabIndex={-1}>
        {t('choosing.selection.heading')}
      </h2>
      <ErrorNotice message={problem} />
      {selections.status === 'loading' ? <Loading /> : null}
      {selections.status === 'error' ? <LoadError error={selections.error} onRetry={onRetry} /> : null}
      {selections.status === 'ready' && !selection ? <p>{t('choosing.selection.none')}</p> : null}
      {selection ? (
        <div className="card">
          <CollectionLine selection={selection} />
          {selection.items.length === 0 ? <p className="muted">{t('choosing.selection.empty')}</p> : null}
          {selection.items.length > 0 ? (
            <ul className="plain-list choosing-selected">
              {selection.items.map((item) => (
                <li key={item.recordId}>
                  <div>
                    <bdi className="choosing-selected__title">{item.title}</bdi>
                    {item.authors.length > 0 ? <bdi className="choosing-selected__authors">{item.authors.join(t('common.listSeparator'))}</bdi> : null}
                    <ItemStatus item={item} />
                  </div>
                  {active ? (
                    <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void remove(selection, item)}>
                      {t('choosing.selection.remove')}
                      <span className="visually-hidden"> {item.title}</span>
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {active && selection.items.length > 0 ? (
            <div className="button-row">
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => void markCollected(selection)}>
                {t('choosing.selection.markCollected')}
              </button>
              <button type="button" className="button button--danger-outline" disabled={busy} onClick={() => void cancel(selection)}>
                {t('choosing.selection.cancel')}
              </button>
            </div>
          ) : null}
        </div>
      ) : null}
      {lastCollected ? <CollectedSelection selection={lastCollected} /> : null}
      {dialog}
    </section>
  );
}
