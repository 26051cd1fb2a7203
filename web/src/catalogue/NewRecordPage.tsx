import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Page } from '../platform/page';
import type { RecordLocationState } from './RecordPage';
import { RecordForm } from './RecordForm';

/** Cataloguing one title by hand; copies are added on its record page once it exists. */
export function NewRecordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Page title={t('cataloguing.new.title')} intro={t('cataloguing.new.intro')}>
      <p>
        <Link to="/catalogue">{t('cataloguing.new.back')}</Link>
      </p>
      <section className="section" aria-labelledby="record-new-heading">
        <h2 id="record-new-heading" className="visually-hidden">
          {t('cataloguing.new.title')}
        </h2>
        <RecordForm
          record={null}
          onSaved={(record) => navigate(`/catalogue/records/${record.id}`, { state: { created: true } satisfies RecordLocationState })}
        />
      </section>
    </Page>
  );
}
