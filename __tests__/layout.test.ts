import { describe, expect, it } from 'vitest'
import { layoutWarnings } from '../src/providers/layout.js'

describe('layout warnings follow the provider', () => {
  it.each([
    [
      'aws',
      ['python3.12'],
      ['mylib/__init__.py'],
      /no top-level python\/ folder/
    ],
    [
      'aws',
      ['nodejs22.x'],
      ['node_modules/a/index.js'],
      /nodejs\/node_modules/
    ],
    ['aws', ['ruby3.3'], ['lib/x.rb'], /ruby\/gems/],
    ['aws', ['java21'], ['x.jar'], /java\/lib/],
    [
      'tencent',
      ['Nodejs18.15'],
      ['nodejs/node_modules/a/index.js'],
      /no top-level node_modules\/ folder \(nodejs\/ is the AWS layout/
    ],
    [
      'tencent',
      ['Python3.9'],
      ['python/mylib/__init__.py'],
      /keeps its packages under python\/ \(the AWS layout\)/
    ]
  ] as const)('%s %s with %s warns', (provider, runtimes, names, expected) => {
    const w = layoutWarnings(provider, [...runtimes], [...names])
    expect(w).toHaveLength(1)
    expect(w[0]).toMatch(expected)
  })
  it.each([
    ['aws', ['python3.12'], ['python/mylib/__init__.py']],
    ['aws', ['python3.12'], ['python/lib/python3.12/site-packages/x.py']],
    ['aws', ['nodejs22.x'], ['nodejs/node_modules/a/index.js']],
    ['aws', ['nodejs20.x'], ['nodejs/node20/node_modules/a/index.js']],
    ['aws', [], ['anything.txt']],
    ['tencent', ['Nodejs18.15'], ['node_modules/a/index.js']],
    ['tencent', ['Python3.9'], ['mylib/__init__.py']]
  ] as const)('%s %s with %s is fine', (provider, runtimes, names) => {
    expect(layoutWarnings(provider, [...runtimes], [...names])).toEqual([])
  })
})
