import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Highlight } from './Highlight';

describe('Highlight', () => {
  it('renders <mark> tags as elements and any other markup as text', () => {
    const { container } = render(
      <p>
        <Highlight html={'<img src=x onerror="alert(1)"><mark>Python</mark> for data'} />
      </p>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('mark')?.textContent).toBe('Python');
    expect(container.textContent).toBe('<img src=x onerror="alert(1)">Python for data');
  });
});
