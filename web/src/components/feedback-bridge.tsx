import { App } from 'antd';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { setSessionLostHandler } from '../lib/api.ts';
import { feedback } from '../lib/feedback.ts';

/** Wires the non-React helpers (toasts, session loss) to the app's context; renders nothing. */
export function FeedbackBridge() {
  const app = App.useApp();
  const navigate = useNavigate();
  feedback.current = app;

  useEffect(() => {
    setSessionLostHandler(() => {
      const { pathname, search } = window.location;
      if (pathname === '/login') return;
      // The login page clears the cache: clearing it here would make the shell redirect first.
      navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true, state: { reason: 'expired' } });
    });
  }, [navigate]);
  return null;
}
