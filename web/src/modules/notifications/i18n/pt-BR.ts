// The notifications' words, in Portuguese (Brazil): the default language. en.ts has the same keys
// (the type checks it). `kinds` words each notification the server sends, by its `kind` code
// (`sales.approval_requested` is `kinds.sales.approval_requested`); a new kind is one entry here
// and in English, and one line in ../wording.ts naming the values it shows.

export const ptBR = {
  notifications: {
    title: 'Notificações',
    intro: 'O que aconteceu no seu trabalho: pedidos de desconto, respostas e propostas aceitas. As mais recentes primeiro.',
    bell_zero: 'Notificações, nenhuma não lida',
    bell_one: 'Notificações, {{count}} não lida',
    bell_other: 'Notificações, {{count}} não lidas',
    latest: 'Últimas notificações',
    unread: 'Não lida',
    markAll: 'Marcar todas como lidas',
    allRead: 'Todas as notificações foram marcadas como lidas.',
    seeAll: 'Ver todas as notificações',
    filter: 'Quais notificações',
    filters: { all: 'Todas', unread: 'Não lidas' },
    empty: 'Nenhuma notificação',
    emptyBody: 'Quando alguém pedir ou responder um desconto, ou um cliente responder uma proposta, o aviso aparece aqui.',
    emptyUnread: 'Nenhuma notificação não lida',
    emptyUnreadBody: 'Você já viu tudo.',
    count_zero: 'Nenhuma notificação',
    count_one: '{{formatted}} notificação',
    count_other: '{{formatted}} notificações',
    // Who did it, when the server names no one (the name is gone, or the system acted).
    theSalesperson: 'Um vendedor',
    theManager: 'O gerente',
    kinds: {
      sales: {
        approval_requested: '{{by}} pede {{discount}} de desconto na proposta {{number}}',
        approval_decided: {
          approved: '{{by}} aprovou o desconto de {{discount}} na proposta {{number}}',
          rejected: '{{by}} recusou o desconto de {{discount}} na proposta {{number}}',
          countered: '{{by}} contrapropôs {{approved}} de desconto na proposta {{number}} (o pedido era {{discount}})',
          other: '{{by}} respondeu ao pedido de desconto de {{discount}} na proposta {{number}}',
        },
        quote_accepted: 'O cliente aceitou a proposta {{number}} (versão {{version}})',
        quote_declined: 'O cliente recusou a proposta {{number}} (versão {{version}})',
      },
      webhooks: {
        endpoint_disabled: 'O webhook {{url}} foi desativado depois de {{failures}} entregas seguidas com falha',
      },
      /** A kind this version does not word yet: said plainly, the link still leads there. */
      other: 'Nova notificação. Abra para ver os detalhes.',
    },
  },
};

/** The notifications' one problem code (`notifications.not_found`) is worded with identity's. */
export const problemsPtBR = {};
