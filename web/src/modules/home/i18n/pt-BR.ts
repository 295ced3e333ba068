// The home page's words, in Portuguese (Brazil): the default language. en.ts has the same keys (the type checks it).

export const ptBR = {
  home: {
    greeting: 'Olá, {{name}}',
    scopeAll: 'Números de todas as suas lojas.',
    scopeStore: 'Números da loja {{store}}.',
    inStock: 'Veículos em estoque',
    averageDays: 'Tempo médio em estoque',
    days_zero: '{{count}} dias',
    days_one: '{{count}} dia',
    days_other: '{{count}} dias',
    valueAtPrice: 'Valor do estoque (preço)',
    atCost: 'Custo com preparação: {{value}}',
    margin: 'Margem: {{value}}',
    over90: 'Parados há mais de 90 dias',
    byStatus: 'Veículos por situação',
    statusLink_zero: '{{status}}: nenhum veículo',
    statusLink_one: '{{status}}: {{formatted}} veículo',
    statusLink_other: '{{status}}: {{formatted}} veículos',
    aging: 'Idade do estoque',
    ageBucket: 'Dias em estoque',
    bucket: '{{label}} dias',
    vehicles: 'Veículos',
    vehicleCount_zero: 'nenhum veículo',
    vehicleCount_one: '{{formatted}} veículo',
    vehicleCount_other: '{{formatted}} veículos',
    atPrice: 'A preço',
    atCostShort: 'A custo',
    total: 'Total',
  },
};

/** The home page shows no problem code of its own. */
export const problemsPtBR = {};
