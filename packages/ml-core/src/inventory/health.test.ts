import { describe, expect, it } from 'vitest';
import { HEALTH_WEIGHTS, type HealthInput, healthStatus, inventoryHealth } from './health';
import { ALERT_TYPES, type AlertType } from './types';

const fine: HealthInput = { alerts: [], stock_value_at_risk: 0 };
const withAlerts = (types: AlertType[], urgency = 3, valueAtRisk = 0): HealthInput => ({
  alerts: types.map((alert_type) => ({ alert_type, urgency_level: urgency })),
  stock_value_at_risk: valueAtRisk,
});
const repeat = <T>(n: number, x: T) => Array.from({ length: n }, () => x);

describe('inventoryHealth', () => {
  it('is 100 and good with no alerts or no products', () => {
    const healthy = inventoryHealth(repeat(5, fine));
    expect(healthy).toMatchObject({ health_score: 100, status: 'good' });
    expect(healthy.metrics.optimal).toBe(5);
    expect(healthy.advice.en).toEqual(['Inventory is in good shape: no alerts.']);
    expect(healthy.advice.es).toEqual(['El inventario está en buen estado: no hay alertas.']);
    const empty = inventoryHealth([]);
    expect(empty).toMatchObject({ health_score: 100, status: 'good' });
    expect(empty.advice.en).toEqual(['No active products to analyse.']);
  });

  it('is 100 × (1 − weighted share), each product counted once at its heaviest alert', () => {
    // 10 products: 1 reorder_now (2), 1 low_stock + high_demand (1), 2 overstock (0.5 each) → 4 / 10.
    const products = [
      withAlerts(['reorder_now'], 5),
      withAlerts(['low_stock', 'high_demand']),
      withAlerts(['overstock']),
      withAlerts(['overstock']),
      ...repeat(6, fine),
    ];
    const health = inventoryHealth(products);
    expect(health.health_score).toBe(60);
    expect(health.status).toBe('warning');
    expect(health.metrics).toMatchObject({
      total_products: 10,
      optimal: 6,
      reorder_now: 1,
      stockout_before_reorder: 1,
      low_stock: 1,
      high_demand: 1,
      overstock: 2,
      slow_moving: 0,
    });
  });

  it('penalises a stockout risk most', () => {
    const weights = ALERT_TYPES.map((t) => HEALTH_WEIGHTS[t]);
    expect(Math.max(...weights)).toBe(HEALTH_WEIGHTS.reorder_now);
    const one = (t: AlertType) => inventoryHealth([withAlerts([t]), ...repeat(9, fine)]).health_score;
    expect(one('reorder_now')).toBe(80);
    expect(one('low_stock')).toBe(90);
    expect(one('slow_moving')).toBe(92.5);
    expect(one('overstock')).toBe(95);
    expect(one('high_demand')).toBe(97.5);
  });

  it('stays within 0..100', () => {
    expect(inventoryHealth(repeat(4, withAlerts([...ALERT_TYPES]))).health_score).toBe(0);
    expect(inventoryHealth([withAlerts(['reorder_now']), fine]).health_score).toBe(0);
    expect(inventoryHealth([withAlerts(['reorder_now']), fine, fine]).health_score).toBe(33.3);
  });

  it('maps the score to good ≥ 80, warning ≥ 50, critical below', () => {
    expect(healthStatus(100)).toBe('good');
    expect(healthStatus(80)).toBe('good');
    expect(healthStatus(79.9)).toBe('warning');
    expect(healthStatus(50)).toBe('warning');
    expect(healthStatus(49.9)).toBe('critical');
    expect(healthStatus(0)).toBe('critical');
    // 10% of products at reorder_now is exactly the edge of good.
    expect(inventoryHealth([withAlerts(['reorder_now']), ...repeat(9, fine)]).status).toBe('good');
    expect(inventoryHealth([withAlerts(['reorder_now']), ...repeat(8, fine)]).status).toBe('warning');
  });

  it('gives plain-language advice in English and Spanish, singular and plural', () => {
    const health = inventoryHealth(
      [
        withAlerts(['reorder_now'], 5),
        withAlerts(['reorder_now'], 5),
        withAlerts(['reorder_now'], 4),
        withAlerts(['low_stock']),
        withAlerts(['overstock'], 2, 300),
        withAlerts(['slow_moving'], 3, 1200.5),
        withAlerts(['high_demand']),
      ],
      { overstockCoverDays: 90, slowMovingDays: 60 },
    );
    expect(health.advice.en).toEqual([
      '2 products will run out before a reorder could arrive: order them today.',
      '1 product is at or below its safety stock: reorder it today.',
      'Restock 1 product with low stock (at or below its reorder point).',
      '1 product is selling far above its usual pace: check its stock and reorder early.',
      'Consider promotions for 1 overstocked product (more than 90 days of stock).',
      'Apply a clearance strategy to 1 slow-moving product (no sale in 60 days or turnover far below the category).',
      'Stock worth 1500.50 at cost is tied up in overstocked and slow-moving products.',
    ]);
    expect(health.advice.es).toEqual([
      '2 productos se agotarán antes de que pueda llegar un pedido: pedirlos hoy.',
      '1 producto está en su stock de seguridad o por debajo: reponerlo hoy.',
      'Reabastecer 1 producto con stock bajo (en su punto de reorden o por debajo).',
      '1 producto se vende muy por encima de su ritmo habitual: revisar su stock y adelantar el pedido.',
      'Considerar promociones para 1 producto con sobrestock (más de 90 días de stock).',
      'Aplicar estrategia de liquidación para 1 producto de baja rotación (sin ventas en 60 días o rotación muy inferior a su categoría).',
      'Hay 1500,50 (a coste) de stock inmovilizado en productos con sobrestock o baja rotación.',
    ]);
    expect(health.metrics.stock_value_at_risk).toBe(1500.5);
  });
});
