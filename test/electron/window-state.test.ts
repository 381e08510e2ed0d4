import { expect, test } from 'vitest';
import { clampWindowState, MIN_SIZE } from '../../electron/main/window-state';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1024 };

test('a window that fits on its display keeps its place and size', () => {
  const s = { x: 100, y: 50, width: 1200, height: 800, maximized: false };
  expect(clampWindowState(s, [primary])).toEqual(s);
});

test('a window left on an unplugged monitor is centred on the primary display', () => {
  const s = { x: 3500, y: 200, width: 1000, height: 700, maximized: true };
  // (1920 - 1000) / 2 = 460, (1040 - 700) / 2 = 170
  expect(clampWindowState(s, [primary])).toEqual({
    x: 460,
    y: 170,
    width: 1000,
    height: 700,
    maximized: true,
  });
});

test('a window on the second display stays there and shrinks to fit it', () => {
  const s = { x: 2000, y: 10, width: 1600, height: 1200, maximized: false };
  // 1280 x 1024 display at x 1920: the width shrinks to 1280, so x is pulled back to 1920.
  expect(clampWindowState(s, [primary, right])).toEqual({
    x: 1920,
    y: 0,
    width: 1280,
    height: 1024,
    maximized: false,
  });
});

test('a window hanging past the right edge is pulled back inside', () => {
  const s = { x: 1500, y: 100, width: 800, height: 600, maximized: false };
  expect(clampWindowState(s, [primary])).toEqual({
    x: 1120,
    y: 100,
    width: 800,
    height: 600,
    maximized: false,
  });
});

test('a size below the minimum grows to it, and a state without position is centred', () => {
  const s = { width: 200, height: 100, maximized: false };
  const r = clampWindowState(s, [primary]);
  expect(r.width).toBe(MIN_SIZE.width);
  expect(r.height).toBe(MIN_SIZE.height);
  expect(r.x).toBe((1920 - MIN_SIZE.width) / 2);
  expect(r.y).toBe((1040 - MIN_SIZE.height) / 2);
});
