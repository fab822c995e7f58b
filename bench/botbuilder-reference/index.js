// The reference the bench measures HitBot's POST /api/messages against: a Bot Framework SDK (botbuilder 4.23)
// CloudAdapter bot doing the same job as HitBot for a typed "help": validate the Bot Framework JWT (signature, issuer,
// audience, lifetime, endorsement, serviceUrl claim) against an OpenID endpoint, run one turn, send one Adaptive Card
// reply to the Connector. Everything it talks to is on this machine: the bench passes the local OpenID metadata URL
// and the local Connector stand-in (as the activities' serviceUrl), and replies are signed with a fixed local token,
// so no MSAL call ever reaches Microsoft's sign-in host.
'use strict';

const express = require('express');
const { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder');
const { ServiceClientCredentialsFactory } = require('botframework-connector');

const appId = required('BENCH_APP_ID');
const openIdMetadataUrl = required('BENCH_OPENID_METADATA_URL');
const port = Number(required('BENCH_PORT'));

function required(name) {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set (the bench sets it).`);
    if (name.endsWith('_URL') && !/^http:\/\/127\.0\.0\.1[:/]/.test(value)) throw new Error(`${name} must be a loopback URL.`);
    return value;
}

// Replies carry a fixed bearer token instead of one from MSAL: the only token authority is Microsoft's, and the bench
// never leaves the machine. HitBot fetches its token once an hour too, so neither side pays for tokens per request.
class LocalCredentialsFactory extends ServiceClientCredentialsFactory {
    async isValidAppId(id) { return id === appId; }
    async isAuthenticationDisabled() { return false; }
    async createCredentials() {
        return { signRequest: async (request) => { request.headers.set('authorization', 'Bearer bench-local-token'); return request; } };
    }
}

const auth = new ConfigurationBotFrameworkAuthentication(
    {
        MicrosoftAppId: appId,
        MicrosoftAppType: 'MultiTenant',
        ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
        ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
        ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
    },
    new LocalCredentialsFactory());
const adapter = new CloudAdapter(auth);
adapter.onTurnError = async (context, error) => { console.error(`turn failed: ${error.message}`); };

// HitBot's help card, in the same shape: a title, one sentence and the list of commands.
const commands = [
    ['help', 'Show what I can do'], ['my items', 'Your open action-plan items'], ['latest update', 'The latest weekly update'],
    ['updates', 'Recent updates'], ['surveys', 'Surveys waiting for you'], ['feedback', 'Send feedback or a question'],
];
const helpCard = CardFactory.adaptiveCard({
    type: 'AdaptiveCard', version: '1.5', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    body: [
        { type: 'TextBlock', text: 'What I can do', weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'TextBlock', text: "I carry your tutoring program's weekly updates, short surveys and action-plan reminders, and I pass your questions and feedback to the central team.", wrap: true },
        { type: 'FactSet', facts: commands.map(([title, value]) => ({ title, value })) },
    ],
});

class HelpBot extends ActivityHandler {
    constructor() {
        super();
        this.onMessage(async (context, next) => {
            await context.sendActivity({ type: 'message', summary: 'Here is what I can do', attachments: [helpCard] });
            await next();
        });
    }
}
const bot = new HelpBot();

const server = express();
server.use(express.json({ limit: '256kb' }));
server.post('/api/messages', (req, res) => adapter.process(req, res, (context) => bot.run(context)));
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
