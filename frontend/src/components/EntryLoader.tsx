import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import type { AsyncState } from '../lib/useAsync';
import { ErrorNotice } from './ErrorNotice';
import { Loading } from './Loading';
import { NotFound } from './NotFound';

/** Shows a catalogue entry once loaded: a spinner meanwhile, "not found" for a 404, the error otherwise. */
export function EntryLoader<T>({ state, children }: { state: AsyncState<T>; children(data: T): ReactNode }) {
  if (state.status === 'loading') {
    return (
      <div className="container page">
        <Loading />
      </div>
    );
  }
  if (state.status === 'error') {
    if (state.error instanceof ApiError && state.error.status === 404) {
      return <NotFound />;
    }
    return (
      <div className="container page">
        <ErrorNotice error={state.error} />
      </div>
    );
  }
  return children(state.data);
}
