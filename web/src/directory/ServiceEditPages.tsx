import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { Loading } from '../platform/notices';
import { LoadFailedPage, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { canEditService, directoryApi, type DirectoryService } from './api';
import { ServiceForm } from './ServiceForm';
import type { ServiceLocationState } from './ServicePage';

const servicePath = (id: string) => `/directory/services/${encodeURIComponent(id)}`;

function useShowSaved() {
  const navigate = useNavigate();
  return (service: DirectoryService, saved: ServiceLocationState['saved']) => navigate(servicePath(service.id), { state: { saved } satisfies ServiceLocationState });
}

export function NewServicePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const showSaved = useShowSaved();
  return (
    <Page title={t('directory.form.newTitle')} intro={t('directory.form.newIntro')}>
      <ServiceForm service={null} onSaved={(service) => showSaved(service, 'created')} onCancel={() => navigate('/directory')} />
    </Page>
  );
}

export function EditServicePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const showSaved = useShowSaved();
  const [service, reload] = useResource((signal) => directoryApi.service(id, signal), [id]);
  if (service.status === 'loading') return <Loading />;
  if (service.status === 'error') {
    return <LoadFailedPage title={t('directory.service.loadFailed')} error={service.error} onRetry={reload} back={{ to: '/directory', label: t('directory.backToSearch') }} />;
  }
  const title = t('directory.form.editTitle', { name: service.data.name });
  if (!user || !canEditService(user, service.data)) {
    return (
      <Page title={title}>
        <p>{service.data.source ? t('directory.form.imported', { source: service.data.source.name }) : t('errors.forbiddenPage')}</p>
      </Page>
    );
  }
  return (
    <Page title={title}>
      <ServiceForm service={service.data} onSaved={(saved) => showSaved(saved, 'updated')} onCancel={() => navigate(servicePath(service.data.id))} />
    </Page>
  );
}
