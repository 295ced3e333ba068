import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { Pagination } from './Pagination';

describe('pagination', () => {
  afterEach(cleanup);

  it('shows an exact total and stops at the last page', () => {
    render(<Pagination page={3} pageSize={25} total={60} onPage={() => undefined} />);
    expect(screen.getByText('51–60 de 60')).toBeTruthy();
    expect(screen.getByText('Página 3 de 3')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Próxima página' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('says "more than" when the server stopped counting', () => {
    render(<Pagination page={1} pageSize={25} total={1000} exact={false} onPage={() => undefined} />);
    expect(screen.getByText('1–25 de mais de 1.000')).toBeTruthy();
    expect(screen.getByText('Página 1 de 40+')).toBeTruthy();
  });
});
