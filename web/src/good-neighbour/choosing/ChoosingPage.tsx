import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { StatusMessage } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { Loading } from '../../platform/notices';
import { LoadFailedPage, Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { goodNeighbourApi } from '../api';
import { choosingApi, type Selection } from './api';
import { currentSelection, lastCollectedSelection } from './parts';
import { ProfileSection } from './ProfileSection';
import { SelectionSection } from './SelectionSection';
import { SuggestionsSection } from './SuggestionsSection';
import './choosing.css';

/** Helping a neighbour choose for the reader: their tastes, titles on the shelf that suit them, and what is set aside for the next visit. */
export function ChoosingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [arrangement, reloadArrangement] = useResource((signal) => goodNeighbourApi.get(id, signal), [id]);
  const [selections, reloadSelections, updateSelections] = useResource((signal) => choosingApi.selections(id, signal), [id]);
  const [status, setStatus] = useState<string | null>(null);
  // Saving the profile or changing the selection changes what is worth suggesting.
  const [suggestionsVersion, setSuggestionsVersion] = useState(0);

  if (arrangement.status === 'loading') return <Loading />;
  if (arrangement.status === 'error') {
    return <LoadFailedPage title={t('choosing.notFoundTitle')} error={arrangement.error} onRetry={reloadArrangement} back={{ to: '/good-neighbour', label: t('choosing.backToList') }} />;
  }
  const shown = arrangement.data;
  const active = shown.status === 'active';
  const current = selections.status === 'ready' ? currentSelection(selections.data.items) : null;
  const lastCollected = selections.status === 'ready' ? lastCollectedSelection(selections.data.items) : null;
  const selectionChanged = (next: Selection, message: string) => {
    updateSelections((list) => ({ items: [next, ...list.items.filter((s) => s.id !== next.id)] }));
    setSuggestionsVersion((v) => v + 1);
    setStatus(message);
  };

  return (
    <Page title={t('choosing.title', { name: isolate(shown.reader.name) })} intro={t('choosing.intro')}>
      <StatusMessage message={status} />
      <ul className="plain-list button-row">
        <li>
          <Link to={`/good-neighbour/arrangements/${shown.id}`}>{t('choosing.backToArrangement', { name: isolate(shown.reader.name) })}</Link>
        </li>
        <li>
          <a href={choosingApi.largePrintUrl(shown.id)} target="_blank" rel="noreferrer">
            {t('choosing.printList')} <span className="visually-hidden">{t('common.opensInNewTab')}</span>
          </a>
        </li>
      </ul>
      {active ? null : (
        <div className="notice notice--info">
          <p>{t('choosing.ended')}</p>
        </div>
      )}
      <ProfileSection
        arrangement={shown}
        onSaved={() => {
          setStatus(t('choosing.profile.saved'));
          setSuggestionsVersion((v) => v + 1);
        }}
      />
      <div className="choosing-layout">
        <SuggestionsSection arrangement={shown} version={suggestionsVersion} selection={current} selectionsReady={selections.status === 'ready'} onSelectionChanged={selectionChanged} />
        <SelectionSection arrangement={shown} selections={selections} selection={current} lastCollected={lastCollected} onRetry={reloadSelections} onSelectionChanged={selectionChanged} />
      </div>
    </Page>
  );
}
