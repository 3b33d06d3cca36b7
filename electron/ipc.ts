/** The one IPC channel: every call of the service contract goes through it. */
export const INVOKE_CHANNEL = 'standoff:invoke';
