use std::collections::BTreeMap;

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A ballot's marks move onto the ballot's own row, as bytes naming each
/// finding by its position in the round: a round's findings never change
/// once it is open, and closing a round then reads one row per ballot
/// instead of one per mark (10,000 rows instead of 1,000,000). Each mark is
/// 4 bytes: position then value, both u16 little-endian (see
/// `coforum_persistence::repos::ballots`).
#[derive(DeriveIden)]
enum Ballots {
    Table,
    Marks,
}

#[derive(DeriveIden)]
enum BallotMarks {
    Table,
    BallotId,
    FindingId,
    Value,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Ballots::Table)
                    .add_column(blob(Ballots::Marks).default(Vec::<u8>::new()))
                    .to_owned(),
            )
            .await?;
        let conn = manager.get_connection();
        let rows = conn
            .query_all_raw(Statement::from_string(
                manager.get_database_backend(),
                "SELECT m.ballot_id, f.position, m.value FROM ballot_marks m \
                 JOIN ballots b ON b.id = m.ballot_id \
                 JOIN round_findings f ON f.round_id = b.round_id AND f.finding_id = m.finding_id",
            ))
            .await?;
        let mut marks: BTreeMap<Uuid, Vec<(u16, u16)>> = BTreeMap::new();
        for row in rows {
            let ballot: Uuid = row.try_get("", "ballot_id")?;
            marks.entry(ballot).or_default().push((
                small(row.try_get("", "position")?)?,
                small(row.try_get("", "value")?)?,
            ));
        }
        for (ballot, mut ballot_marks) in marks {
            ballot_marks.sort_unstable();
            let bytes: Vec<u8> = ballot_marks
                .iter()
                .flat_map(|(position, value)| [position.to_le_bytes(), value.to_le_bytes()].concat())
                .collect();
            let update = Query::update()
                .table(Ballots::Table)
                .value(Ballots::Marks, bytes)
                .and_where(Expr::col(Alias::new("id")).eq(ballot))
                .to_owned();
            manager.exec_stmt(update).await?;
        }
        manager
            .drop_table(Table::drop().table(BallotMarks::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BallotMarks::Table)
                    .col(uuid(BallotMarks::BallotId))
                    .col(uuid(BallotMarks::FindingId))
                    .col(integer(BallotMarks::Value))
                    .primary_key(
                        Index::create()
                            .col(BallotMarks::BallotId)
                            .col(BallotMarks::FindingId),
                    )
                    .to_owned(),
            )
            .await?;
        let conn = manager.get_connection();
        let ballots = conn
            .query_all_raw(Statement::from_string(
                manager.get_database_backend(),
                "SELECT id, round_id, marks FROM ballots",
            ))
            .await?;
        for ballot in ballots {
            let id: Uuid = ballot.try_get("", "id")?;
            let round: Uuid = ballot.try_get("", "round_id")?;
            let bytes: Vec<u8> = ballot.try_get("", "marks")?;
            for mark in bytes.chunks_exact(4) {
                let position = i32::from(u16::from_le_bytes([mark[0], mark[1]]));
                let value = i32::from(u16::from_le_bytes([mark[2], mark[3]]));
                let insert = Query::insert()
                    .into_table(BallotMarks::Table)
                    .columns([BallotMarks::BallotId, BallotMarks::FindingId, BallotMarks::Value])
                    .select_from(
                        Query::select()
                            .expr(Expr::val(id))
                            .column(Alias::new("finding_id"))
                            .expr(Expr::val(value))
                            .from(Alias::new("round_findings"))
                            .and_where(Expr::col(Alias::new("round_id")).eq(round))
                            .and_where(Expr::col(Alias::new("position")).eq(position))
                            .to_owned(),
                    )
                    .map_err(|e| DbErr::Custom(e.to_string()))?
                    .to_owned();
                manager.exec_stmt(insert).await?;
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Ballots::Table)
                    .drop_column(Ballots::Marks)
                    .to_owned(),
            )
            .await
    }
}

/// Positions and values of valid ballots are small and never negative.
fn small(n: i32) -> Result<u16, DbErr> {
    <u16 as TryFrom<i32>>::try_from(n)
        .map_err(|_| DbErr::Custom(format!("a ballot mark of {n} does not fit the compact form")))
}
