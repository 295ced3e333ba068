import { describe, expect, it } from 'vitest';
import { checkCpf, checkPhone, customerSchema, emptyForm, formFromCustomer, formPath, parseTags, toBody, type CustomerForm } from './customerForm';
import type { Customer } from './labels';

const STORE = '0190a000-0000-7000-8000-0000000000aa';

function person(patch: Partial<CustomerForm> = {}): CustomerForm {
  return { ...emptyForm(STORE), name: ' Maria da Silva ', ...patch };
}

describe('the customer form, mapped to the API body', () => {
  it('sends a person with the masks taken off and blank rows left out', () => {
    const body = toBody(
      person({
        cpf: '529.982.247-25',
        birthDate: '1985-04-12',
        phones: [
          { number: '', whatsapp: false, label: '' },
          { number: '(11) 98765-4321', whatsapp: true, label: ' celular ' },
        ],
        emails: [{ address: ' maria@example.com ', label: '' }],
        addresses: [{ label: '', street: 'Av. Paulista', number: '1000', complement: '', district: '', city: 'São Paulo', state: 'sp', postalCode: '01310-100' }],
        tags: 'VIP, frota;  ,indicação',
        preferredChannel: 'whatsapp',
      }),
    );
    expect(body).toEqual({
      kind: 'person',
      storeId: STORE,
      name: 'Maria da Silva',
      cpf: '52998224725',
      birthDate: '1985-04-12',
      cnhNumber: null,
      cnhCategory: null,
      phones: [{ number: '(11) 98765-4321', whatsapp: true, label: 'celular' }],
      emails: [{ address: 'maria@example.com', label: null }],
      addresses: [
        { label: null, street: 'Av. Paulista', number: '1000', complement: null, district: null, city: 'São Paulo', state: 'SP', postalCode: '01310100' },
      ],
      preferredChannel: 'whatsapp',
      notes: null,
      tags: ['VIP', 'frota', 'indicação'],
    });
    // A person's body carries no company field (the server refuses them on a person).
    expect(Object.keys(body)).not.toContain('cnpj');
    expect(Object.keys(body)).not.toContain('contacts');
  });

  it('sends a company by its legal name and CNPJ, with its contact people', () => {
    const body = toBody({
      ...emptyForm(STORE, 'company'),
      name: 'left over from the person tab',
      cpf: '529.982.247-25',
      legalName: 'Transportes Rápidos Ltda',
      tradeName: 'Rápido Frotas',
      cnpj: '11.222.333/0001-81',
      stateRegistration: 'isento',
      contacts: [
        { name: 'João Compras', role: 'comprador', phone: '(11) 3456-7890', email: '' },
        { name: '', role: '', phone: '', email: '' },
      ],
    });
    expect(body).toMatchObject({
      kind: 'company',
      legalName: 'Transportes Rápidos Ltda',
      tradeName: 'Rápido Frotas',
      cnpj: '11222333000181',
      stateRegistration: 'ISENTO',
      contacts: [{ name: 'João Compras', role: 'comprador', phone: '(11) 3456-7890', email: null }],
    });
    expect(Object.keys(body)).not.toContain('name');
    expect(Object.keys(body)).not.toContain('cpf');
  });

  it('patches only what changed, never the kind', () => {
    const body = toBody(person({ notes: 'Prefere ligação à tarde', tags: 'vip' }), new Set(['notes', 'tags', 'kind', 'cnpj']));
    expect(body).toEqual({ notes: 'Prefere ligação à tarde', tags: ['vip'] });
    // Cleared on purpose: null, not left out.
    expect(toBody(person({ cpf: '' }), new Set(['cpf']))).toEqual({ cpf: null });
  });

  it('reads a saved customer back into the masks the fields type', () => {
    const saved = {
      id: 'c1',
      version: 3,
      createdAt: '2026-12-01T12:00:00Z',
      updatedAt: '2026-12-01T12:00:00Z',
      kind: 'person',
      name: 'Maria da Silva',
      cpf: '52998224725',
      phones: [{ number: '+5511987654321', whatsapp: true, label: null }],
      emails: [],
      addresses: [{ postalCode: '01310100', state: 'SP' }],
      contacts: [],
      tags: ['vip', 'frota'],
      storeId: STORE,
    } as unknown as Customer;
    const f = formFromCustomer(saved);
    expect(f.cpf).toBe('529.982.247-25');
    expect(f.phones).toEqual([{ number: '(11) 98765-4321', whatsapp: true, label: '' }]);
    expect(f.addresses[0]?.postalCode).toBe('01310-100');
    expect(f.tags).toBe('vip, frota');
    // And unchanged, it goes back as the server has it.
    expect(toBody(f).cpf).toBe('52998224725');
  });

  it('puts a server error on the row the user sees, though a blank row was not sent', () => {
    const f = person({
      phones: [
        { number: '', whatsapp: false, label: '' },
        { number: '(11) 98765-4321', whatsapp: false, label: '' },
        { number: '(00) 1234-5678', whatsapp: false, label: '' },
      ],
    });
    expect(formPath('/phones/0/number', f)).toBe('phones.1.number');
    expect(formPath('/phones/1/number', f)).toBe('phones.2.number');
    expect(formPath('/phones/7/number', f)).toBeNull();
    expect(formPath('/tags/3', f)).toBe('tags');
    expect(formPath('/cpf', f)).toBe('cpf');
    expect(formPath('/legalName', f)).toBe('legalName');
    expect(formPath('/nope', f)).toBeNull();
  });
});

describe('the customer form rules', () => {
  it('checks a CPF as the server does', () => {
    expect(checkCpf('529.982.247-25')).toBeNull();
    expect(checkCpf('529.982.247-24')).toBe('cpf.check_digit');
    expect(checkCpf('111.111.111-11')).toBe('cpf.check_digit');
    expect(checkCpf('5299822472')).toBe('cpf.length');
    expect(checkCpf('52998224a25')).toBe('cpf.invalid_character');
  });

  it('checks a phone: DDD and 8 digits, or 9 starting with 9', () => {
    expect(checkPhone('(11) 98765-4321')).toBeNull();
    expect(checkPhone('(11) 3456-7890')).toBeNull();
    expect(checkPhone('(11) 88765-4321')).toBe('phone.length');
    expect(checkPhone('(11) 9876')).toBe('phone.length');
  });

  it('asks for the name of the kind chosen, and only that', () => {
    const issues = (f: CustomerForm) => (customerSchema.safeParse(f).error?.issues ?? []).map((i) => `${i.path.join('.')}:${i.message}`);
    expect(issues(person({ name: '' }))).toEqual(['name:validation.required']);
    expect(issues({ ...emptyForm(STORE, 'company') })).toEqual(['legalName:validation.required']);
    expect(issues(person({ phones: [{ number: '(11) 9876', whatsapp: true, label: '' }], cpf: '123' }))).toEqual([
      'cpf:cpf.length',
      'phones.0.number:phone.length',
    ]);
  });

  it('reads tags separated by commas or semicolons', () => {
    expect(parseTags(' vip ;frota,, indicação\n')).toEqual(['vip', 'frota', 'indicação']);
  });
});
