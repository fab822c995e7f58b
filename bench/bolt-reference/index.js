// The reference the bench measures HitBot's POST /slack/interactions against: a Bolt for JavaScript (5.1) app doing
// the same job for a card button click: verify Slack's signature over the raw body, acknowledge, and update the
// clicked message in place with chat.update, showing what was clicked and by whom. It stores nothing (HitBot writes
// the click's answer to disk before its 200), so it is the floor for the work a click needs. Everything it talks to is
// on this machine: the bench passes the local Slack Web API stand-in's URL, and nothing else is called.
// With BENCH_ACK_ONLY=1 it only acknowledges: the figure issue 16 first compared HitBot with (0.56 ms a click).
'use strict';

const { App, LogLevel } = require('@slack/bolt');

const signingSecret = required('BENCH_SIGNING_SECRET');
const slackApiUrl = required('BENCH_SLACK_API_URL');
const port = Number(required('BENCH_PORT'));
const ackOnly = process.env.BENCH_ACK_ONLY === '1';

function required(name) {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set (the bench sets it).`);
    if (name.endsWith('_URL') && !/^http:\/\/127\.0\.0\.1[:/]/.test(value)) throw new Error(`${name} must be a loopback URL.`);
    return value;
}

const app = new App({
    signingSecret,
    token: 'xoxb-bench-token',
    // No auth.test at start: the stand-in would answer it, but nothing should be called that HitBot does not call per click.
    tokenVerificationEnabled: false,
    endpoints: '/slack/interactions',
    clientOptions: { slackApiUrl },
    logLevel: process.env.BENCH_DEBUG ? LogLevel.DEBUG : LogLevel.ERROR,
});

app.action(/.*/, async ({ ack, body, action, client }) => {
    await ack();
    if (ackOnly) return;
    const facts = Object.entries(JSON.parse(action.value || '{}')).map(([key, value]) => ({ type: 'mrkdwn', text: `*data.${key}*\n${value}` }));
    await client.chat.update({
        channel: body.channel.id,
        ts: body.message.ts,
        text: 'Recorded',
        blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'Recorded' } },
            { type: 'section', fields: [...facts, { type: 'mrkdwn', text: `*person*\n${body.user.id}` }] },
        ],
    });
});

app.start({ port, host: '127.0.0.1' }).then(() => console.log(`listening on http://127.0.0.1:${port}`));
