import { describe, expect, it } from 'vitest';
import { fragmentText, pageLines } from '../../../lib/pdf/lines';
import { riverCuts } from '../../../lib/pdf/rivers';
import { page, run } from './helpers';

const texts = (items: Parameters<typeof page>[0]) => pageLines(page(items), 0).map((l) => l.fragments.map(fragmentText));

describe('lines: items → lines and fragments', () => {
  it.each([
    {
      name: 'lines top to bottom, left to right, whatever order the PDF draws them in',
      items: [run('第二行', 90, 120), run('第一行右', 120, 100), run('第一行', 90, 100)],
      want: [['第一行第一行右'], ['第二行']],
    },
    {
      name: 'a superscript (smaller, higher) and a run in another font a little lower stay on their line',
      items: [run('正文', 90, 100), run('1', 110, 97, 6), run('2018', 113, 101), run('年底前', 133, 100)],
      want: [['正文12018年底前']],
    },
    {
      name: 'a wide gap (a table cell, a second column) makes a second fragment',
      items: [run('序号', 90, 100), run('牵头单位', 200, 100)],
      want: [['序号', '牵头单位']],
    },
    {
      name: 'a word space between Latin runs is a space; none between CJK runs that touch',
      items: [run('Policy', 90, 100), run('Lens', 126, 100), run('中文', 90, 130), run('2016', 110, 130), run('年', 130, 130)],
      want: [['Policy Lens'], ['中文2016年']],
    },
    {
      name: 'whitespace-only items (pdf.js synthesises them) and empty ones carry no line',
      items: [run('一', 90, 100), { str: ' ', x: 100, y: 100, width: 0, height: 0 }, { str: '', x: 0, y: 0, width: 0, height: 0 }, run('二', 100, 100)],
      want: [['一二']],
    },
    {
      name: 'lines of a side menu stay apart though a taller line of the body spans both',
      items: [run('信息公开指南', 10, 100, 9), run('信息公开目录', 10, 111, 9), run('大竹县人民政府办公室通知', 150, 102, 18)],
      want: [['信息公开指南', '大竹县人民政府办公室通知'], ['信息公开目录']],
    },
  ])('$name', ({ items, want }) => {
    expect(texts(items)).toEqual(want);
  });
});

describe('rivers: the narrow white strips between table columns', () => {
  const box = (x0: number, x1: number) => ({ x0, x1, size: 10 });
  it.each([
    {
      name: 'three lines parted at the same x are cut there',
      bands: [
        [box(90, 100), box(102, 200)],
        [box(90, 100), box(102, 180)],
        [box(90, 98), box(102, 200)],
      ],
      cuts: 3,
    },
    {
      name: 'gaps at different places (running text) are no river',
      bands: [
        [box(90, 150), box(152, 300)],
        [box(90, 200), box(202, 300)],
        [box(90, 250), box(252, 300)],
      ],
      cuts: 0,
    },
    {
      name: 'two lines are too few',
      bands: [
        [box(90, 100), box(102, 200)],
        [box(90, 100), box(102, 200)],
      ],
      cuts: 0,
    },
    {
      name: 'a line that closes the strip ends it; a short line beside it lets it run on',
      bands: [
        [box(90, 100), box(102, 200)],
        [box(90, 100)],
        [box(90, 100), box(102, 200)],
        [box(90, 100), box(102, 200)],
        [box(90, 300)],
        [box(90, 100), box(102, 200)],
      ],
      cuts: 3,
    },
  ])('$name', ({ bands, cuts }) => {
    expect(riverCuts(bands).flat().length).toBe(cuts);
  });
});
