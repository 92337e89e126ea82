import { type MouseEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { api, session } from './api/client';
import { type WhoAmI } from './api/types';
import { FindEvent } from './components/find-event';
import { Loading } from './components/notice';
import { DeadLetters } from './pages/dead-letters';
import { Destinations } from './pages/destinations';
import { EventDetailPage } from './pages/event-detail';
import { Events } from './pages/events';
import { Overview } from './pages/overview';
import { Replays } from './pages/replays';
import { RoutesPage } from './pages/routes';
import { SignIn } from './pages/sign-in';
import { Sources } from './pages/sources';
import { SessionContext, sessionFor } from './session-context';

const PAGES = [
  { path: '/overview', label: 'Overview' },
  { path: '/events', label: 'Events' },
  { path: '/dead-letters', label: 'Dead letters' },
  { path: '/replays', label: 'Replay jobs' },
  { path: '/sources', label: 'Sources' },
  { path: '/destinations', label: 'Destinations' },
  { path: '/routes', label: 'Routes' },
] as const;

export function App() {
  const [who, setWho] = useState<WhoAmI | null>(null);
  const [checking, setChecking] = useState(Boolean(session.token()));

  const signOut = useCallback(() => {
    session.clear();
    setWho(null);
  }, []);

  // A token kept from earlier in this tab: still good?
  useEffect(() => {
    if (!session.token()) return;
    api
      .get<WhoAmI>('/whoami')
      .then(setWho, signOut)
      .finally(() => setChecking(false));
  }, [signOut]);

  useEffect(() => {
    window.addEventListener('hookline:unauthorized', signOut);
    return () => window.removeEventListener('hookline:unauthorized', signOut);
  }, [signOut]);

  const context = useMemo(() => (who ? sessionFor(who, signOut) : null), [who, signOut]);
  if (checking) return <Loading what="your session" />;
  if (!context) return <SignIn onSignedIn={setWho} />;
  return (
    <SessionContext.Provider value={context}>
      <Router hook={useHashLocation}>
        <Shell who={context.who} signOut={signOut} />
      </Router>
    </SessionContext.Provider>
  );
}

function Shell({ who, signOut }: { who: WhoAmI; signOut: () => void }) {
  const [location] = useLocation();
  return (
    <div className="shell">
      <a className="skip" href="#content" onClick={skipToContent}>
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Hookline</span>
        <nav aria-label="Console pages">
          <ul>
            {PAGES.map((page) => (
              <li key={page.path}>
                <Link
                  href={page.path}
                  aria-current={location.startsWith(page.path) ? 'page' : undefined}
                >
                  {page.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <FindEvent />
        <span className="who" aria-label="Signed in as">
          {who.name} · {who.role}
        </span>
        <button type="button" className="secondary small" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="content" tabIndex={-1}>
        <Switch>
          <Route path="/overview" component={Overview} />
          <Route path="/events/:id">{(params) => <EventDetailPage id={params.id} />}</Route>
          <Route path="/events" component={Events} />
          <Route path="/dead-letters" component={DeadLetters} />
          <Route path="/replays" component={Replays} />
          <Route path="/sources" component={Sources} />
          <Route path="/destinations" component={Destinations} />
          <Route path="/routes" component={RoutesPage} />
          <Route>
            <Redirect to="/overview" />
          </Route>
        </Switch>
      </main>
    </div>
  );
}

/** Hash routing owns `#…`: move focus to the page instead of following the link. */
function skipToContent(event: MouseEvent) {
  event.preventDefault();
  document.getElementById('content')?.focus();
}
