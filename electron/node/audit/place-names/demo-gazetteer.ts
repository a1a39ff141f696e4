/**
 * Demo mode only: names for the demo county's townships and villages, so the
 * hall screen shows places, not codes, for the demo activity (the kiosk's own
 * 官渡镇 410122101 and its neighbours, villages 201–207 of each; see
 * hall-demo.ts and demo-activity.ts). Fictional but plausible; 官渡镇's
 * villages are the counter's demo villages.
 */
import { DEMO_VILLAGES } from '../../counter/villages'
import type { Place } from './gazetteer-csv'

const TOWNSHIPS: { code: string; name: string; villages: readonly string[] }[] = [
  { code: '410122102', name: '白河镇', villages: ['东岗村', '西岗村', '前屯村', '后屯村', '柳林村', '杨桥村', '北河村'] },
  { code: '410122103', name: '青龙乡', villages: ['石佛村', '槐树村', '南湾村', '孙庄村', '高堤村', '枣园村', '新店村'] },
  { code: '410122104', name: '柳湾镇', villages: ['柳湾村', '大孟村', '小孟村', '黄岗村', '周家村', '河西村', '杏花村'] },
  { code: '410122105', name: '石桥乡', villages: ['石桥村', '蒋庄村', '吴桥村', '双井村', '芦苇村', '郭店村', '沙窝村'] },
  { code: '410122106', name: '杏林镇', villages: ['杏林村', '东湖村', '南堤村', '苗圃村', '辛集村', '十里铺村', '潘庄村'] },
]

export const DEMO_PLACES: readonly Place[] = [
  { code: '410122101', name: '官渡镇' },
  ...DEMO_VILLAGES,
  ...TOWNSHIPS.flatMap((t) => [{ code: t.code, name: t.name }, ...t.villages.map((name, i) => ({ code: `${t.code}${201 + i}`, name }))]),
]
