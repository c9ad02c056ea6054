// Transverse Mercator on an ellipsoid (Gauss–Krüger, UTM) by Krüger's series in the third
// flattening n to the fourth order: well under a millimetre inside a 6° zone.
// Reference: C. F. F. Karney, "Transverse Mercator with an accuracy of a few nanometers", 2011.
import type { Position } from '../geo/types.ts';

export interface TransverseMercatorParameters {
  /** Ellipsoid: semi-major axis (m) and inverse flattening. */
  semiMajorAxis: number;
  inverseFlattening: number;
  /** Degrees. */
  centralMeridian: number;
  latitudeOfOrigin: number;
  scaleFactor: number;
  /** Metres; Chinese zone-numbered grids put the zone in front (e.g. 39 500 000). */
  falseEasting: number;
  falseNorthing: number;
}

interface Series {
  rectifyingRadius: number;
  alpha: number[];
  beta: number[];
  delta: number[];
  /** 2√n / (1 + n), the eccentricity e. */
  eccentricity: number;
  northingOfOrigin: number;
}

const RADIANS = Math.PI / 180;

function seriesOf(parameters: TransverseMercatorParameters): Series {
  const f = 1 / parameters.inverseFlattening;
  const n = f / (2 - f);
  const n2 = n * n, n3 = n2 * n, n4 = n3 * n;
  const rectifyingRadius = (parameters.semiMajorAxis / (1 + n)) * (1 + n2 / 4 + n4 / 64);
  const alpha = [
    n / 2 - (2 * n2) / 3 + (5 * n3) / 16 + (41 * n4) / 180,
    (13 * n2) / 48 - (3 * n3) / 5 + (557 * n4) / 1440,
    (61 * n3) / 240 - (103 * n4) / 140,
    (49561 * n4) / 161280,
  ];
  const beta = [
    n / 2 - (2 * n2) / 3 + (37 * n3) / 96 - n4 / 360,
    n2 / 48 + n3 / 15 - (437 * n4) / 1440,
    (17 * n3) / 480 - (37 * n4) / 840,
    (4397 * n4) / 161280,
  ];
  const delta = [
    2 * n - (2 * n2) / 3 - 2 * n3 + (116 * n4) / 45,
    (7 * n2) / 3 - (8 * n3) / 5 - (227 * n4) / 45,
    (56 * n3) / 15 - (136 * n4) / 35,
    (4279 * n4) / 630,
  ];
  const eccentricity = Math.sqrt(f * (2 - f));
  const series: Series = { rectifyingRadius, alpha, beta, delta, eccentricity, northingOfOrigin: 0 };
  // Northing of the latitude of origin on the central meridian (0 for the equator).
  series.northingOfOrigin = parameters.latitudeOfOrigin === 0 ? 0 : rectifyingRadius * projectNormalized(series, parameters.latitudeOfOrigin * RADIANS, 0)[0];
  return series;
}

/** [ξ, η] for latitude φ and longitude difference λ (radians). */
function projectNormalized(series: Series, latitude: number, longitudeDifference: number): [number, number] {
  const e = series.eccentricity;
  const sinLatitude = Math.sin(latitude);
  const t = Math.sinh(Math.atanh(sinLatitude) - e * Math.atanh(e * sinLatitude));
  const xiPrime = Math.atan2(t, Math.cos(longitudeDifference));
  const etaPrime = Math.atanh(Math.sin(longitudeDifference) / Math.sqrt(1 + t * t));
  let xi = xiPrime, eta = etaPrime;
  series.alpha.forEach((alpha, index) => {
    const j2 = 2 * (index + 1);
    xi += alpha * Math.sin(j2 * xiPrime) * Math.cosh(j2 * etaPrime);
    eta += alpha * Math.cos(j2 * xiPrime) * Math.sinh(j2 * etaPrime);
  });
  return [xi, eta];
}

export interface TransverseMercator {
  forward(position: Position): Position;
  inverse(position: Position): Position;
}

/** Forward (lon/lat degrees → easting/northing metres) and inverse projections for one set of parameters. */
export function transverseMercator(parameters: TransverseMercatorParameters): TransverseMercator {
  const series = seriesOf(parameters);
  const scale = parameters.scaleFactor * series.rectifyingRadius;
  return {
    forward([longitude, latitude]) {
      const [xi, eta] = projectNormalized(series, latitude * RADIANS, (longitude - parameters.centralMeridian) * RADIANS);
      return [parameters.falseEasting + scale * eta, parameters.falseNorthing + scale * xi - parameters.scaleFactor * series.northingOfOrigin];
    },
    inverse([easting, northing]) {
      const xi = (northing - parameters.falseNorthing + parameters.scaleFactor * series.northingOfOrigin) / scale;
      const eta = (easting - parameters.falseEasting) / scale;
      let xiPrime = xi, etaPrime = eta;
      series.beta.forEach((beta, index) => {
        const j2 = 2 * (index + 1);
        xiPrime -= beta * Math.sin(j2 * xi) * Math.cosh(j2 * eta);
        etaPrime -= beta * Math.cos(j2 * xi) * Math.sinh(j2 * eta);
      });
      const chi = Math.asin(Math.sin(xiPrime) / Math.cosh(etaPrime));
      let latitude = chi;
      series.delta.forEach((delta, index) => {
        latitude += delta * Math.sin(2 * (index + 1) * chi);
      });
      const longitudeDifference = Math.atan2(Math.sinh(etaPrime), Math.cos(xiPrime));
      return [parameters.centralMeridian + longitudeDifference / RADIANS, latitude / RADIANS];
    },
  };
}
