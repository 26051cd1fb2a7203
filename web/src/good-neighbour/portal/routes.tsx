import { Route } from 'react-router';
import { PortalLayout } from './PortalLayout';
import { ReaderPage } from './ReaderPage';
import { ReadersPage } from './ReadersPage';
import { RenewLinkPage } from './RenewLinkPage';
import { RequireNeighbour } from './session';
import { SignInLinkPage } from './SignInLinkPage';
import { SignInPage } from './SignInPage';

/** The Good Neighbour portal and the renew page from warning emails, outside the staff screens. */
export const neighbourPortalRoutes = (
  <Route element={<PortalLayout />}>
    <Route path="neighbour/sign-in" element={<SignInPage />} />
    <Route path="neighbour/sign-in/:token" element={<SignInLinkPage />} />
    <Route
      path="neighbour"
      element={
        <RequireNeighbour>
          <ReadersPage />
        </RequireNeighbour>
      }
    />
    <Route
      path="neighbour/readers/:readerId"
      element={
        <RequireNeighbour>
          <ReaderPage />
        </RequireNeighbour>
      }
    />
    <Route path="renew/:token" element={<RenewLinkPage />} />
  </Route>
);
