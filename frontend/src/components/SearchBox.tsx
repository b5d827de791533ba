import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { MAX_SEARCH_LENGTH } from '../api/endpoints';

/** A search form that opens the search page with the query. */
export function SearchBox() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const inputId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = query.trim();
    navigate(q ? `/search?q=${encodeURIComponent(q)}` : '/search', { state: { focusResults: true } });
  };

  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor={inputId}>{t('home.searchLabel')}</label>
      <div className="search-box-row">
        <input
          id={inputId}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          maxLength={MAX_SEARCH_LENGTH}
          placeholder={t('home.searchPlaceholder')}
          autoComplete="off"
        />
        <button type="submit" className="button button-primary">
          {t('home.searchButton')}
        </button>
      </div>
    </form>
  );
}
