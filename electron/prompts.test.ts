import { describe, expect, it } from 'vitest';
import { UNLOAD_LEAVE, unloadPrompt } from './prompts';

describe('the unsaved-edits question', () => {
  it('leaves only on "Leave anyway": Enter, Esc and closing the dialog stay', () => {
    const prompt = unloadPrompt();
    expect(prompt.message).toBe('Some of your edits are not saved yet.');
    expect(prompt.detail).toMatch(/will be lost/);
    expect(prompt.buttons[UNLOAD_LEAVE]).toBe('Leave anyway');
    expect(prompt.buttons[prompt.cancelId]).toBe('Stay');
    expect(prompt.buttons[prompt.defaultId]).toBe('Stay');
  });
});
